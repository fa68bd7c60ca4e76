package io.decidr.application.handlers;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A value as a client sends it: the attribute (id or name) and exactly one of the typed fields.
 *
 * @param attribute the attribute's id or name
 * @param text      for TEXT attributes
 * @param number    for NUMBER attributes
 * @param bool      for BOOLEAN attributes
 * @param date      for DATE attributes
 * @param option    for SELECT attributes
 */
public record ValueInput(String attribute, String text, BigDecimal number, Boolean bool, LocalDate date, String option) {
}
