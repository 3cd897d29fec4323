/**
 * The one assembly of Bulwark: {@link dev.bulwark.assembly.Assembly} compiles a {@link
 * dev.bulwark.config.BulwarkConfig} into the request pipeline with its stages in order, the same
 * for every host.
 */
package dev.bulwark.assembly;
