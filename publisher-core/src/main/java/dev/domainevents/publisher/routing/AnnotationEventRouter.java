/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.domainevents.publisher.routing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Routes events by configuration and annotations. The topic is, in this order: the one configured for the event's
 * class (by fully qualified or simple name), the one in its {@link DomainEvent} annotation, or the default topic.
 * The key is the value of its {@link EventKey} member, if any. The type is the annotation's, or the class's fully
 * qualified name. What a class yields is worked out once and cached.
 *
 * @since 0.1.0
 */
public final class AnnotationEventRouter implements EventRouter {

	private final @Nullable String defaultTopic;

	private final Map<String, String> topicsByEventType;

	private final Set<String> topics = ConcurrentHashMap.newKeySet();

	private final ClassValue<@Nullable ClassRoute> routes = new ClassValue<>() {

		@Override
		protected @Nullable ClassRoute computeValue(Class<?> type) {
			return routeOf(type);
		}

	};

	/**
	 * Creates a router.
	 * @param defaultTopic the topic of events that neither configuration nor annotation route, or {@code null}
	 * @param topicsByEventType topics by event class name, fully qualified or simple
	 */
	public AnnotationEventRouter(@Nullable String defaultTopic, Map<String, String> topicsByEventType) {
		this.defaultTopic = (defaultTopic != null && !defaultTopic.isBlank()) ? defaultTopic : null;
		this.topicsByEventType = Map.copyOf(topicsByEventType);
	}

	@Override
	public @Nullable EventRoute route(Object event) {
		ClassRoute route = this.routes.get(event.getClass());
		if (route == null) {
			return null;
		}
		return new EventRoute(route.topic(), route.keyOf(event), route.eventType());
	}

	/**
	 * Whether this router has routed an event to a topic. Its topics come from configuration and annotations, so
	 * they are bounded by the application's code: safe to name in a metric's tag.
	 * @param topic the topic
	 * @return whether an event was routed to it
	 */
	public boolean routesTo(String topic) {
		return this.topics.contains(topic);
	}

	private @Nullable ClassRoute routeOf(Class<?> type) {
		DomainEvent annotation = type.getAnnotation(DomainEvent.class);
		String topic = this.topicsByEventType.get(type.getName());
		if (topic == null) {
			topic = this.topicsByEventType.get(type.getSimpleName());
		}
		if (topic == null && annotation != null && !annotation.topic().isBlank()) {
			topic = annotation.topic();
		}
		if (topic == null) {
			topic = this.defaultTopic;
		}
		if (topic == null) {
			return null;
		}
		String eventType = (annotation != null && !annotation.type().isBlank()) ? annotation.type() : type.getName();
		ClassRoute route = new ClassRoute(topic, eventType, keyAccessor(type));
		this.topics.add(topic);
		return route;
	}

	private static @Nullable MethodHandle keyAccessor(Class<?> type) {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			if (type.isRecord()) {
				for (RecordComponent component : type.getRecordComponents()) {
					if (component.isAnnotationPresent(EventKey.class)) {
						Method accessor = component.getAccessor();
						accessor.setAccessible(true);
						return lookup.unreflect(accessor);
					}
				}
			}
			for (Class<?> current = type; current != null && current != Object.class; current = current
				.getSuperclass()) {
				for (Field field : current.getDeclaredFields()) {
					if (field.isAnnotationPresent(EventKey.class) && !Modifier.isStatic(field.getModifiers())) {
						field.setAccessible(true);
						return lookup.unreflectGetter(field);
					}
				}
				for (Method method : current.getDeclaredMethods()) {
					if (method.isAnnotationPresent(EventKey.class) && method.getParameterCount() == 0
							&& !Modifier.isStatic(method.getModifiers())) {
						method.setAccessible(true);
						return lookup.unreflect(method);
					}
				}
			}
			return null;
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new IllegalStateException("Cannot read the @EventKey of " + type.getName(), ex);
		}
	}

	private record ClassRoute(String topic, String eventType, @Nullable MethodHandle key) {

		@Nullable String keyOf(Object event) {
			if (this.key == null) {
				return null;
			}
			try {
				Object value = this.key.invoke(event);
				return (value != null) ? value.toString() : null;
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException("Cannot read the @EventKey of " + event.getClass().getName(), ex);
			}
		}

	}

}
