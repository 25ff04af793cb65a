/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * A directory inbox: files of events, one JSON object a line, streamed through
 * {@link dev.domainevents.publisher.DomainEventPublisher#publishAll} with backpressure. On when
 * {@code sample.inbox.directory} is set; see {@link dev.domainevents.sample.inbox.FileInbox}.
 */
@org.jspecify.annotations.NullMarked
package dev.domainevents.sample.inbox;
