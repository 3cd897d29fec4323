/**
 * Spring Boot auto-configuration: binds {@code bulwark.*} onto the core records ({@link
 * dev.bulwark.spring.autoconfigure.BulwarkProperties}) and registers every part as a bean the
 * application can replace.
 */
package dev.bulwark.spring.autoconfigure;
