/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.test;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the child broker JVM; not an API. It writes to standard error, which goes to the broker's log
 * file.
 * <p>
 * Kafka logs through SLF4J but brings no provider. The child's class path is the test's, which may have none (then a
 * failed start would leave an empty log) or Logback configured for the test (then the broker's output would depend on
 * it). The child selects this provider with {@code -Dslf4j.provider}, so nothing registers it through
 * {@code META-INF/services} and the test JVM's logging is left alone. The threshold is the system property
 * {@value #LEVEL_PROPERTY} (default {@code INFO}).
 *
 * @since 0.1.0
 */
public final class BrokerLogProvider implements SLF4JServiceProvider {

	/** The system property that sets the lowest level logged. */
	public static final String LEVEL_PROPERTY = "domain-events.broker.log.level";

	private final Level threshold = Level.valueOf(System.getProperty(LEVEL_PROPERTY, "INFO").toUpperCase(Locale.ROOT));

	private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

	private final ILoggerFactory loggerFactory = (name) -> this.loggers.computeIfAbsent(name,
			(key) -> new BrokerLogger(key, this.threshold));

	private final IMarkerFactory markerFactory = new BasicMarkerFactory();

	private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

	/** Called by SLF4J. */
	public BrokerLogProvider() {
	}

	@Override
	public ILoggerFactory getLoggerFactory() {
		return this.loggerFactory;
	}

	@Override
	public IMarkerFactory getMarkerFactory() {
		return this.markerFactory;
	}

	@Override
	public MDCAdapter getMDCAdapter() {
		return this.mdcAdapter;
	}

	@Override
	public String getRequestedApiVersion() {
		return "2.0.99";
	}

	@Override
	public void initialize() {
	}

	private static final class BrokerLogger extends LegacyAbstractLogger {

		private static final long serialVersionUID = 1L;

		private final int threshold;

		BrokerLogger(String name, Level threshold) {
			this.name = name;
			this.threshold = threshold.toInt();
		}

		@Override
		public boolean isTraceEnabled() {
			return this.threshold <= Level.TRACE.toInt();
		}

		@Override
		public boolean isDebugEnabled() {
			return this.threshold <= Level.DEBUG.toInt();
		}

		@Override
		public boolean isInfoEnabled() {
			return this.threshold <= Level.INFO.toInt();
		}

		@Override
		public boolean isWarnEnabled() {
			return this.threshold <= Level.WARN.toInt();
		}

		@Override
		public boolean isErrorEnabled() {
			return this.threshold <= Level.ERROR.toInt();
		}

		@Override
		protected @Nullable String getFullyQualifiedCallerName() {
			return null;
		}

		@Override
		protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, @Nullable String messagePattern,
				Object @Nullable [] arguments, @Nullable Throwable throwable) {
			String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
			String line = LocalDateTime.now() + " " + level + " [" + Thread.currentThread().getName() + "] " + this.name
					+ " - " + message;
			PrintStream err = System.err;
			synchronized (err) {
				err.println(line);
				if (throwable != null) {
					throwable.printStackTrace(err);
				}
			}
		}

	}

}
