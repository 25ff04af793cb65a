/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.sample.inbox;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The file inbox's settings, {@code sample.inbox.*}. The inbox is on only when {@code directory} is set.
 *
 * @param directory the directory to poll for {@code *.jsonl} files; {@code done/} and {@code failed/} are created in it
 * @param topic the topic every line is published to
 * @param keyField the top-level JSON field whose value becomes the record key, when a line has it
 * @param eventType the CloudEvents type ({@code ce_type}) of the lines' events
 * @param passInterval the pause between the end of one pass over the directory and the start of the next
 * @param maxOutstanding how many lines of a file may be in the publisher at once, not yet answered (publishAll's
 * default, 1,024)
 * @param initialBackoff the first pause in reading after a retriable failure ({@code publishAll}'s backoff), and the
 * first extra delay of the next pass after a pass that kept a file
 * @param maxBackoff the longest of either pause; both double while failures go on
 * @param onSuccess what becomes of a file whose every line is published or journaled
 * @since 0.1.0
 */
@ConfigurationProperties("sample.inbox")
public record InboxProperties(@Nullable Path directory, @DefaultValue("inbox-events") String topic,
		@DefaultValue("key") String keyField, @DefaultValue("dev.domainevents.sample.InboxEvent") String eventType,
		@DefaultValue("1s") Duration passInterval, @DefaultValue("1024") int maxOutstanding,
		@DefaultValue("100ms") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff,
		@DefaultValue("delete") OnSuccess onSuccess) {

	/** What becomes of a file whose every line is published or journaled. */
	public enum OnSuccess {

		/** It is deleted. */
		DELETE,

		/** It moves to {@code done/}. */
		MOVE

	}

}
