/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Auto-configuration of the {@link dev.domainevents.publisher.DomainEventPublisher}.
 */
@NullMarked
package dev.domainevents.publisher.autoconfigure;

import org.jspecify.annotations.NullMarked;
