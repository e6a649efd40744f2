/** Tributary admin-cli. */
package io.tributary.admin;
