/**
 * Jackson 3 integration: parsers that apply {@code bulwark.limits.json.*}. It reads the whole
 * {@link dev.bulwark.config.BulwarkConfig}, so it sits above the aggregate rather than in {@code
 * limits}. Needs {@code tools.jackson.core:jackson-core}, an optional dependency of the core.
 */
package dev.bulwark.jackson;
