/**
 * Onboarding a tenant as a saga: register the tenant, create the collections of a named template with their attributes,
 * grant the first admin. Any failure compensates: the collections it created are archived and the tenant is suspended,
 * the reason naming the failure. Workflow id {@code onboard/<tenant>}.
 */
package io.decidr.workflows.onboarding;
