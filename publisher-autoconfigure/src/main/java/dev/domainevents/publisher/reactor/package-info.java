/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Project Reactor's {@code Mono} and {@code Flux} over the domain event publisher, for applications that have
 * Reactor. Written against the API alone.
 */
@NullMarked
package dev.domainevents.publisher.reactor;

import org.jspecify.annotations.NullMarked;
