/** Tributary benchmarks. */
package io.tributary.bench;
