/** Tributary log-engine. */
package io.tributary.log;
