/** Gantry's root exception, which every module's own exceptions extend. */
package dev.gantry.error;
