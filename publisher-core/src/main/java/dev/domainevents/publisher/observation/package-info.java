/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The Micrometer observation of a publication: its documentation ({@link DomainEventPublishObservation}), its context
 * ({@link DomainEventPublishContext}) and the convention that names it and gives its keys, which an application may
 * replace ({@link DomainEventPublishObservationConvention}).
 */
@NullMarked
package dev.domainevents.publisher.observation;

import org.jspecify.annotations.NullMarked;
