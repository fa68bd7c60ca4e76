/** Tests of the per-tenant limits: the rate limiter alone, and the limits of the running application end to end. */
package io.decidr.platform.limits;
