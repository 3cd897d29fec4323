/**
 * Spring MVC integration: {@link dev.bulwark.spring.web.RateLimited} on handler methods and
 * validation failures as 422 problems.
 */
package dev.bulwark.spring.web;
