/**
 * The Redis rate-limit store, {@code dev.bulwark:bulwark-redis}: quotas shared by every instance of
 * an application, one script call per request. Put the jar on the class path and set {@code
 * bulwark.rate-limit.store=redis}; core finds the store through {@link
 * dev.bulwark.ratelimit.spi.RateLimitStoreProvider}. Its settings are {@link
 * dev.bulwark.ratelimit.RedisStoreConfig} ({@code bulwark.rate-limit.redis.*}), in core.
 */
package dev.bulwark.redis;
