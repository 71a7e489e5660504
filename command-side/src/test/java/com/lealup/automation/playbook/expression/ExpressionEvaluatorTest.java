package com.lealup.automation.playbook.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.lealup.api.playbook.expression.Expression;
import com.lealup.api.playbook.expression.ExpressionParser;
import com.lealup.api.playbook.expression.StandardField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ExpressionEvaluatorTest {

    private static final String SEED = "health_score < 60 AND segment == 'Enterprise'";

    /** An enterprise customer at risk, with every fact set. */
    private static final CustomerFacts ACME = new CustomerFacts(new BigDecimal("42.5"), "at_risk", new BigDecimal("120000"),
            "active", "Enterprise", "usr_1", 45, LocalDate.of(2027, 1, 10), "Acme", "acme.com", 2,
            Map.of("tier", "gold", "seats", 250, "vip", true, "discount", 0.15));

    /** A new customer: no score, no segment, no owner, no renewal, no custom fields. */
    private static final CustomerFacts NEWCOMER = new CustomerFacts(null, null, BigDecimal.ZERO, "trial", null, null, null,
            null, "Newco", "newco.io", 0, null);

    @Test
    void theSeedsExampleMatchesAnEnterpriseCustomerAtRisk() {
        assertThat(ExpressionEvaluator.evaluate(parse(SEED), ACME))
                .isEqualTo(new Evaluation(true, Map.of("health_score", new BigDecimal("42.5"), "segment", "Enterprise")));
        assertThat(matches(SEED, withScore(ACME, new BigDecimal("60")))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "health_score < 60 | false",
        "health_score >= 60 | false",
        "health_score == 42 | false",
        "health_score != 42 | false",
        "health_score IN (1, 2) | false",
        "health_score NOT IN (1, 2) | false",
        "NOT health_score < 60 | true",
        "health_score == null | true",
        "health_score != null | false",
        "segment == 'Enterprise' | false",
        "segment != 'Enterprise' | false",
        "renewal_date < '2030-01-01' | false",
        "days_to_renewal <= 30 | false",
        "custom_fields.tier != 'gold' | false",
        "custom_fields.tier == null | true",
    })
    void everyComparisonWithAMissingValueIsFalse(String expression, boolean matches) {
        assertThat(matches(expression, NEWCOMER)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "health_score < 60 AND segment == 'Enterprise' OR status == 'trial' | true",
        "status == 'trial' OR health_score < 60 AND segment == 'Enterprise' | true",
        "(status == 'trial' OR health_score < 60) AND segment == 'Enterprise' | true",
        "status == 'trial' OR health_score < 40 AND segment == 'Enterprise' | false",
        "(status == 'active' OR health_score < 40) AND segment == 'SMB' | false",
        "status == 'active' OR health_score < 40 AND segment == 'SMB' | true",
        "NOT status == 'trial' AND arr > 100000 | true",
        "NOT (status == 'active' AND arr > 100000) | false",
        "not not status == 'active' | true",
    })
    void precedence(String expression, boolean matches) {
        assertThat(matches(expression, ACME)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "health_score <= 42.5 | true",
        "health_score > 42.49 | true",
        "health_score == 42.50 | true",
        "arr >= 120000.00 | true",
        "arr > -1 | true",
        "days_to_renewal < 46 | true",
        "days_to_renewal != 45 | false",
        "open_tasks == 2 | true",
        "open_tasks IN (0, 1) | false",
        "open_tasks NOT IN (0, 1) | true",
        "health_status == 'at_risk' | true",
        "health_status IN ('healthy', 'neutral') | false",
        "status NOT IN ('churned', 'paused') | true",
        "segment == 'enterprise' | false",
        "owner_id == 'usr_1' | true",
        "name != 'Acme' | false",
        "email_domain IN ('acme.com', 'acme.io') | true",
        "renewal_date == '2027-01-10' | true",
        "renewal_date < '2027-01-10' | false",
        "renewal_date >= '2026-12-31' | true",
        "renewal_date NOT IN ('2027-01-11') | true",
    })
    void everyFieldType(String expression, boolean matches) {
        assertThat(matches(expression, ACME)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "custom_fields.tier == 'gold' | true",
        "custom_fields.tier IN ('silver', 'gold') | true",
        "custom_fields.tier NOT IN ('silver', 'gold') | false",
        "custom_fields.seats > 200 | true",
        "custom_fields.seats == 250.0 | true",
        "custom_fields.discount < 0.2 | true",
        "custom_fields.vip == true | true",
        "custom_fields.vip != true | false",
        // a value of another type than the literal: every comparison is false
        "custom_fields.tier == 1 | false",
        "custom_fields.tier != 1 | false",
        "custom_fields.seats == '250' | false",
        "custom_fields.seats NOT IN ('250') | false",
        "custom_fields.vip != 'yes' | false",
        "NOT custom_fields.tier == 1 | true",
        "custom_fields.missing != 'x' | false",
    })
    void customFieldsCompareOnlyWithTheirOwnType(String expression, boolean matches) {
        assertThat(matches(expression, ACME)).isEqualTo(matches);
    }

    @Test
    void customNumbersOfAnyJavaTypeCompareByValue() {
        Map<String, Object> custom = new HashMap<>();
        custom.put("a", 7L);
        custom.put("b", 7.0d);
        custom.put("c", new BigDecimal("7.000"));
        custom.put("gone", null);
        CustomerFacts facts = new CustomerFacts(null, null, null, "active", null, null, null, null, "X", "x.com", 0, custom);
        assertThat(matches("custom_fields.a == 7 AND custom_fields.b == 7 AND custom_fields.c == 7", facts)).isTrue();
        assertThat(matches("custom_fields.gone == null", facts)).isTrue();
        assertThat(facts.customFields()).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void theSnapshotHoldsEveryFieldReadInTextOrderWithNullsAndIsoDates() {
        Evaluation evaluation = ExpressionEvaluator.evaluate(parse("renewal_date < '2027-02-01' OR health_score < 10 "
                + "OR custom_fields.seats > 1 OR custom_fields.nothing == 'x' OR renewal_date > '2030-01-01'"), ACME);
        assertThat(evaluation.matched()).isTrue();
        assertThat(evaluation.snapshot()).containsExactly(entry("renewal_date", "2027-01-10"),
                entry("health_score", new BigDecimal("42.5")), entry("custom_fields.seats", new BigDecimal("250")),
                entry("custom_fields.nothing", null));
        assertThat(ExpressionEvaluator.evaluate(parse(SEED), NEWCOMER).snapshot())
                .containsExactly(entry("health_score", null), entry("segment", null));
    }

    @ParameterizedTest
    @EnumSource(StandardField.class)
    void everyStandardFieldIsReadFromTheFacts(StandardField field) {
        String expression = field.path() + " != null";
        assertThat(matches(expression, ACME)).as(expression).isTrue();
    }

    private static boolean matches(String expression, CustomerFacts facts) {
        return ExpressionEvaluator.matches(parse(expression), facts);
    }

    private static Expression parse(String expression) {
        return ExpressionParser.parse(expression);
    }

    private static CustomerFacts withScore(CustomerFacts facts, BigDecimal score) {
        return new CustomerFacts(score, facts.healthStatus(), facts.arr(), facts.status(), facts.segment(), facts.ownerId(),
                facts.daysToRenewal(), facts.renewalDate(), facts.name(), facts.emailDomain(), facts.openTasks(),
                facts.customFields());
    }
}
