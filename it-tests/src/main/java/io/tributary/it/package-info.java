/** Tributary it-tests. */
package io.tributary.it;
