/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Micrometer meters of the domain event publisher.
 */
@NullMarked
package dev.domainevents.publisher.metrics;

import org.jspecify.annotations.NullMarked;
