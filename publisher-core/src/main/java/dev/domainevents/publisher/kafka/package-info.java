/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
@NullMarked
package dev.domainevents.publisher.kafka;

import org.jspecify.annotations.NullMarked;
