/*
 * Copyright 2026 the original author or authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The check that the application runs on the Spring Boot line the starter is built for, and the failure report when it
 * does not. Its classes load on Spring Boot 3 as well as on Spring Boot 4: they use no type that only one of them has.
 */
@NullMarked
package dev.domainevents.publisher.autoconfigure.compatibility;

import org.jspecify.annotations.NullMarked;
