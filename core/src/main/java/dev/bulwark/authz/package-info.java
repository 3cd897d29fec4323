/**
 * Object-level authorisation: typed policies written in plain Java, the {@link
 * dev.bulwark.authz.Guard} that applies them (deny by default), path rules ({@code
 * bulwark.authz.rules}) and the inventory of unguarded endpoints.
 */
package dev.bulwark.authz;
