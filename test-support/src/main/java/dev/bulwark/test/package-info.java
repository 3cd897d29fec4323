/**
 * Test support: {@link dev.bulwark.test.CrossUserAccess} proves over real HTTP that one user cannot
 * read, change, delete or list another user's objects (OWASP API1, broken object level
 * authorisation), and fails with a table of the endpoints that leaked. Depends on nothing but the
 * JDK and reports failures as {@link java.lang.AssertionError}, so it works with any test framework.
 */
package dev.bulwark.test;
