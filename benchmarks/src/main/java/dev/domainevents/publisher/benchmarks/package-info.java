/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Benchmarks of the publisher side by side with a raw {@code KafkaProducer} and {@code KafkaTemplate}, on a real
 * broker in a child JVM: throughput, open-loop latency, {@code publish()} call time, memory during a broker pause,
 * and allocation per event (JMH). {@link dev.domainevents.publisher.benchmarks.Main} runs them and writes a Markdown
 * report and an SVG chart; {@code benchmarks/run.sh} runs everything.
 */
@NullMarked
package dev.domainevents.publisher.benchmarks;

import org.jspecify.annotations.NullMarked;
