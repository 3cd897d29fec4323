/**
 * Declarative authorisation in Spring MVC: {@link dev.bulwark.spring.authz.Guarded}, {@link
 * dev.bulwark.spring.authz.Public} and the {@link dev.bulwark.spring.authz.SubjectResolver} that
 * names the caller.
 */
package dev.bulwark.spring.authz;
