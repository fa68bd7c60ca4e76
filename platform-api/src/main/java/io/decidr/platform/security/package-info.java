/** JWT resource-server security and the caller (tenant, user, roles) taken from the token. */
package io.decidr.platform.security;
