/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Health and actuator endpoint of the domain event publisher.
 */
@NullMarked
package dev.domainevents.publisher.actuate;

import org.jspecify.annotations.NullMarked;
