package com.lealup.api.playbook.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.playbook.expression.Expression.And;
import com.lealup.api.playbook.expression.Expression.Comparison;
import com.lealup.api.playbook.expression.Expression.Membership;
import com.lealup.api.playbook.expression.Expression.Not;
import com.lealup.api.playbook.expression.Expression.Or;
import com.lealup.api.playbook.expression.Literal.BooleanLiteral;
import com.lealup.api.playbook.expression.Literal.DateLiteral;
import com.lealup.api.playbook.expression.Literal.NullLiteral;
import com.lealup.api.playbook.expression.Literal.NumberLiteral;
import com.lealup.api.playbook.expression.Literal.TextLiteral;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressionParserTest {

    private static final Comparison LOW_SCORE = compare(StandardField.HEALTH_SCORE, Operator.LESS, number("60"));
    private static final Comparison ENTERPRISE = compare(StandardField.SEGMENT, Operator.EQUAL, text("Enterprise"));
    private static final Comparison ACTIVE = compare(StandardField.STATUS, Operator.EQUAL, text("active"));

    @Test
    void parsesTheSeedsExample() {
        assertThat(ExpressionParser.parse("health_score < 60 AND segment == 'Enterprise'"))
                .isEqualTo(new And(LOW_SCORE, ENTERPRISE));
    }

    @Nested
    class Precedence {

        @Test
        void andBindsTighterThanOr() {
            assertThat(ExpressionParser.parse("status == 'active' OR health_score < 60 AND segment == 'Enterprise'"))
                    .isEqualTo(new Or(ACTIVE, new And(LOW_SCORE, ENTERPRISE)));
            assertThat(ExpressionParser.parse("health_score < 60 AND segment == 'Enterprise' OR status == 'active'"))
                    .isEqualTo(new Or(new And(LOW_SCORE, ENTERPRISE), ACTIVE));
        }

        @Test
        void notBindsTighterThanAnd() {
            assertThat(ExpressionParser.parse("NOT health_score < 60 AND segment == 'Enterprise'"))
                    .isEqualTo(new And(new Not(LOW_SCORE), ENTERPRISE));
            assertThat(ExpressionParser.parse("NOT NOT status == 'active'")).isEqualTo(new Not(new Not(ACTIVE)));
        }

        @Test
        void parenthesesGroup() {
            assertThat(ExpressionParser.parse("(status == 'active' OR health_score < 60) AND segment == 'Enterprise'"))
                    .isEqualTo(new And(new Or(ACTIVE, LOW_SCORE), ENTERPRISE));
            assertThat(ExpressionParser.parse("NOT (health_score < 60 AND segment == 'Enterprise')"))
                    .isEqualTo(new Not(new And(LOW_SCORE, ENTERPRISE)));
        }

        @Test
        void chainsAssociateToTheLeft() {
            assertThat(ExpressionParser.parse("status == 'active' OR health_score < 60 OR segment == 'Enterprise'"))
                    .isEqualTo(new Or(new Or(ACTIVE, LOW_SCORE), ENTERPRISE));
        }

        @Test
        void comparisonsDoNotChain() {
            assertErrors("health_score < 60 < 70", "at 19: comparisons do not chain: join them with AND or OR");
            assertErrors("(arr > 1 == true)", "at 10: comparisons do not chain: join them with AND or OR");
        }
    }

    @Test
    void keywordsAreCaseInsensitive() {
        Expression canonical = ExpressionParser.parse(
                "NOT status IN ('churned') AND health_score != null OR status NOT IN ('trial') AND arr > 0");
        assertThat(ExpressionParser.parse(
                "not status in ('churned') and health_score != NULL Or status Not In ('trial') aNd arr > 0"))
                .isEqualTo(canonical);
        assertThat(ExpressionParser.parse("custom_fields.vip == TRUE")).isEqualTo(ExpressionParser.parse("custom_fields.vip == true"));
    }

    @Test
    void fieldNamesAreNot() {
        assertErrors("Health_Score < 5", "at 1: unknown field 'Health_Score' (field names are lower-case: health_score); "
                + "the fields are health_score, health_status, arr, status, segment, owner_id, days_to_renewal, "
                + "renewal_date, name, email_domain, open_tasks, custom_fields.<key>");
    }

    @Nested
    class Lists {

        @Test
        void inAndNotIn() {
            assertThat(ExpressionParser.parse("status IN ('active', 'trial')"))
                    .isEqualTo(new Membership(StandardField.STATUS, false, List.of(text("active"), text("trial"))));
            assertThat(ExpressionParser.parse("open_tasks NOT IN (0,1)"))
                    .isEqualTo(new Membership(StandardField.OPEN_TASKS, true, List.of(number("0"), number("1"))));
        }

        @Test
        void elementsHaveTheFieldsType() {
            assertErrors("status IN ('active', 1)", "at 22: status is text: expected quoted text, found number 1");
            assertErrors("status IN ('active', 'gone')",
                    "at 22: text 'gone' is not a value of status: expected one of active, trial, churned, paused");
            assertErrors("arr IN (1, null)", "at 12: null cannot be in an IN list: write arr == null");
            assertErrors("custom_fields.tier IN ('gold', 2)",
                    "at 32: the values of an IN list have one type: expected text, found number 2");
        }

        @Test
        void syntax() {
            assertErrors("status IN 'active'", "at 11: expected '(' to open the list of IN, found text 'active'");
            assertErrors("status IN ()", "at 12: expected a value in the list, found ')'");
            assertErrors("name IN ('a' 'b')", "at 14: expected ',' or ')' in the list, found text 'b'");
            assertErrors("status NOT < 5", "at 12: expected IN after NOT, found '<'");
        }
    }

    @Nested
    class Nulls {

        @Test
        void equalityWithNullTestsForAValue() {
            assertThat(ExpressionParser.parse("health_score == null"))
                    .isEqualTo(compare(StandardField.HEALTH_SCORE, Operator.EQUAL, new NullLiteral()));
            assertThat(ExpressionParser.parse("renewal_date != null"))
                    .isEqualTo(compare(StandardField.RENEWAL_DATE, Operator.NOT_EQUAL, new NullLiteral()));
        }

        @Test
        void nullHasNoOrder() {
            assertErrors("health_score < null",
                    "at 14: '<' cannot compare with null: only == null and != null test whether health_score has a value");
        }
    }

    @Nested
    class CustomFields {

        @Test
        void holdAnyScalar() {
            assertThat(ExpressionParser.parse("custom_fields.tier == 'gold'"))
                    .isEqualTo(compare(new CustomField("tier"), Operator.EQUAL, text("gold")));
            assertThat(ExpressionParser.parse("custom_fields.seats >= 10.5"))
                    .isEqualTo(compare(new CustomField("seats"), Operator.GREATER_OR_EQUAL, number("10.5")));
            assertThat(ExpressionParser.parse("custom_fields.vip != false"))
                    .isEqualTo(compare(new CustomField("vip"), Operator.NOT_EQUAL, new BooleanLiteral(false)));
            assertThat(ExpressionParser.parse("custom_fields.Plan_2 IN (1, 2)"))
                    .isEqualTo(new Membership(new CustomField("Plan_2"), false, List.of(number("1"), number("2"))));
        }

        @Test
        void orderOnlyNumbers() {
            assertErrors("custom_fields.tier < 'b'", "at 20: '<' does not apply to text (custom_fields.tier): use ==, !=, IN or NOT IN");
            assertErrors("custom_fields.vip >= true",
                    "at 19: '>=' does not apply to a boolean (custom_fields.vip): use ==, !=, IN or NOT IN");
        }

        @Test
        void keysAreIdentifiers() {
            assertErrors("custom_fields == 1", "at 1: unknown field 'custom_fields' (write custom_fields.<key>); the fields are "
                    + "health_score, health_status, arr, status, segment, owner_id, days_to_renewal, renewal_date, name, "
                    + "email_domain, open_tasks, custom_fields.<key>");
            assertErrors("custom_fields. == 1", "at 15: expected a name after '.', found U+0020");
            assertErrors("custom_fields.1x == 1", "at 15: expected a name after '.', found '1'");
            assertErrors("custom_fields.a.b == 1",
                    "at 1: 'a.b' cannot be a custom field key: keys are 1-64 letters, digits or _, not starting with a digit");
            assertThat(ExpressionParser.check("custom_fields." + "k".repeat(64) + " == 1")).isEmpty();
            assertThat(ExpressionParser.check("custom_fields." + "k".repeat(65) + " == 1")).hasSize(1);
        }
    }

    @Nested
    class FieldTypes {

        @ParameterizedTest
        @ValueSource(strings = {"health_score", "arr", "days_to_renewal", "open_tasks"})
        void numbersTakeEveryOperatorAndNegativeOrDecimalNumbers(String field) {
            for (String operator : List.of("==", "!=", "<", "<=", ">", ">=")) {
                assertThat(ExpressionParser.parse(field + " " + operator + " -12.50"))
                        .isEqualTo(compare(StandardField.byPath(field).orElseThrow(), symbol(operator), number("-12.50")));
            }
            int valueAt = field.length() + 4;
            assertErrors(field + " < 'abc'", "at " + valueAt + ": " + field + " is a number: expected a number, found text 'abc'");
            assertErrors(field + " < true", "at " + valueAt + ": " + field + " is a number: expected a number, found 'true'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"segment", "owner_id", "name", "email_domain"})
        void textTakesOnlyEqualityAndAnyText(String field) {
            Field parsedField = StandardField.byPath(field).orElseThrow();
            assertThat(ExpressionParser.parse(field + " == 'It''s \\ ok'"))
                    .isEqualTo(compare(parsedField, Operator.EQUAL, text("It's \\ ok")));
            assertThat(ExpressionParser.parse(field + " != ''")).isEqualTo(compare(parsedField, Operator.NOT_EQUAL, text("")));
            int operatorAt = field.length() + 2;
            assertErrors(field + " >= 'm'", "at " + operatorAt + ": '>=' does not apply to text (" + field + "): use ==, !=, IN or NOT IN");
            assertErrors(field + " == 5", "at " + (operatorAt + 3) + ": " + field + " is text: expected quoted text, found number 5");
        }

        @Test
        void enumerationsTakeOnlyTheirValues() {
            assertThat(ExpressionParser.parse("health_status == 'at_risk'"))
                    .isEqualTo(compare(StandardField.HEALTH_STATUS, Operator.EQUAL, text("at_risk")));
            assertErrors("health_status == 'Healthy'",
                    "at 18: text 'Healthy' is not a value of health_status: expected one of healthy, neutral, at_risk");
            assertErrors("status != 'deleted'",
                    "at 11: text 'deleted' is not a value of status: expected one of active, trial, churned, paused");
        }

        @Test
        void datesAreQuotedIsoDates() {
            assertThat(ExpressionParser.parse("renewal_date <= '2026-12-31'")).isEqualTo(
                    compare(StandardField.RENEWAL_DATE, Operator.LESS_OR_EQUAL, new DateLiteral(LocalDate.of(2026, 12, 31))));
            assertThat(ExpressionParser.parse("renewal_date IN ('2026-01-01')")).isEqualTo(new Membership(
                    StandardField.RENEWAL_DATE, false, List.of(new DateLiteral(LocalDate.of(2026, 1, 1)))));
            assertErrors("renewal_date > 'soon'", "at 16: renewal_date is a date: expected a date 'YYYY-MM-DD', found text 'soon'");
            assertErrors("renewal_date > 20261231", "at 16: renewal_date is a date: expected a date 'YYYY-MM-DD', found number 20261231");
            assertErrors("renewal_date == '2026-02-30'", "at 17: text '2026-02-30' is not a date of the calendar");
            assertErrors("renewal_date == '2026-1-01'", "at 17: renewal_date is a date: expected a date 'YYYY-MM-DD', found text '2026-1-01'");
        }

        @Test
        void aDateRangeIsTheCallersRuleForNewText() {
            LocalDate first = LocalDate.of(1, 1, 1);
            LocalDate last = LocalDate.of(9999, 12, 31);
            assertThat(ExpressionParser.check("renewal_date > '0000-01-01' OR renewal_date IN ('0001-01-01', '9999-12-31')",
                    first, last)).extracting(ExpressionError::message)
                    .containsExactly("at 16: text '0000-01-01' is out of range: dates are from 0001-01-01 to 9999-12-31");
            assertThat(ExpressionParser.check("renewal_date IN ('0001-01-01', '9999-12-31')", first, last)).isEmpty();
            // what is stored already is read whatever its dates
            assertThat(ExpressionParser.check("renewal_date > '0000-01-01'")).isEmpty();
            assertThat(ExpressionParser.parse("renewal_date > '0000-01-01'")).isEqualTo(
                    compare(StandardField.RENEWAL_DATE, Operator.GREATER, new DateLiteral(LocalDate.of(0, 1, 1))));
        }
    }

    @Nested
    class SyntaxErrors {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"health_score < \" | at 16: expected a value after '<', found end of input",
            "\"\" | at 1: expected a condition (a field, NOT or '('), found end of input",
            "\"   \" | at 4: expected a condition (a field, NOT or '('), found end of input",
            "health_score < 60 AND | at 22: expected a condition (a field, NOT or '('), found end of input",
            "health_score = 60 | at 14: '=' is not an operator: write '==' to compare",
            "health_score ! 60 | at 14: '!' is not an operator: write '!=' or NOT",
            "(health_score < 60 | at 19: expected AND, OR or ')' to close the '(' at 1, found end of input",
            "health_score < 60) | at 18: ')' has no '(' to close",
            "health_score < 60 segment == 'x' | at 19: expected AND, OR or end of input, found 'segment'",
            "health_score | at 13: expected an operator (== != < <= > >= IN NOT IN) after health_score, found end of input",
            "60 > health_score | at 1: expected a condition (a field, NOT or '('), found number 60",
            "name == 'O''Brien | at 9: the text starting here has no closing quote (write '' for a quote inside text)",
            "arr > 1. | at 9: expected a digit after the decimal point, found end of input",
            "arr > .5 | at 7: unexpected character '.'",
            "arr > - 5 | at 8: expected a digit after '-', found U+0020",
            "arr > 1e5 | at 8: unexpected 'e' in a number",
            "arr > 5 & arr < 9 | at 9: unexpected character '&'",
            "arr <> 5 | at 6: expected a value after '<', found '>'",
            "arr IN (1) AND | at 15: expected a condition (a field, NOT or '('), found end of input",
        })
        void namePositionAndExpectation(String expression, String error) {
            assertErrors(expression, error);
        }

        @Test
        void positionsCountCharactersNotUtf16Units() {
            assertThat(ExpressionParser.check("name == 'é😀' AND foo == 1")).extracting(ExpressionError::position)
                    .containsExactly(18);
        }

        @Test
        void typeErrorsAreCollectedUntilTheFirstSyntaxError() {
            assertErrors("foo == 1 AND name < 'x' AND health_status == 'ok'",
                    "at 1: unknown field 'foo'; the fields are " + knownFields(),
                    "at 19: '<' does not apply to text (name): use ==, !=, IN or NOT IN",
                    "at 46: text 'ok' is not a value of health_status: expected one of healthy, neutral, at_risk");
            assertErrors("foo == 1 AND", "at 1: unknown field 'foo'; the fields are " + knownFields(),
                    "at 13: expected a condition (a field, NOT or '('), found end of input");
        }

        @Test
        void parseThrowsWithTheErrors() {
            assertThatThrownBy(() -> ExpressionParser.parse("health_score < "))
                    .isInstanceOfSatisfying(InvalidExpressionException.class, e -> assertThat(e.errors())
                            .containsExactly(new ExpressionError(16, "expected a value after '<', found end of input")))
                    .hasMessage("at 16: expected a value after '<', found end of input");
        }
    }

    @Nested
    class Limits {

        @Test
        void length() {
            String prefix = "name == '";
            String longest = prefix + "x".repeat(ExpressionParser.MAX_LENGTH - prefix.length() - 1) + "'";
            assertThat(longest).hasSize(2000);
            assertThat(ExpressionParser.check(longest)).isEmpty();
            assertErrors(longest + " ", "at 2001: the expression is longer than 2000 characters");
        }

        @Test
        void depthOfNot() {
            assertThat(ExpressionParser.check("NOT ".repeat(32) + "arr > 1")).isEmpty();
            assertErrors("NOT ".repeat(33) + "arr > 1", "at 129: parentheses and NOT nest more than 32 levels deep");
        }

        @Test
        void depthOfParentheses() {
            assertThat(ExpressionParser.check("(".repeat(32) + "arr > 1" + ")".repeat(32))).isEmpty();
            assertErrors("(".repeat(33) + "arr > 1" + ")".repeat(33), "at 33: parentheses and NOT nest more than 32 levels deep");
            assertErrors("(".repeat(16) + "NOT ".repeat(17) + "arr > 1" + ")".repeat(16),
                    "at 81: parentheses and NOT nest more than 32 levels deep");
        }

        @Test
        void longChainsAreNotNesting() {
            String chain = String.join(" OR ", Collections.nCopies(150, "arr > 1"));
            assertThat(ExpressionParser.check(chain)).isEmpty();
        }
    }

    @Nested
    class Printing {

        @Test
        void canonicalText() {
            assertThat(ExpressionParser.parse("health_score<60 and (status=='active' or segment=='it''s') AND not"
                    + " renewal_date>'2026-01-31' and custom_fields.tier not in ('a','b')").toText())
                    .isEqualTo("health_score < 60 AND (status == 'active' OR segment == 'it''s') AND NOT renewal_date > "
                            + "'2026-01-31' AND custom_fields.tier NOT IN ('a', 'b')");
        }

        @Test
        void keepsOnlyTheParenthesesTheTreeNeeds() {
            assertThat(ExpressionParser.parse("(arr > 1 AND arr > 2) AND arr > 3").toText()).isEqualTo("arr > 1 AND arr > 2 AND arr > 3");
            assertThat(ExpressionParser.parse("arr > 1 AND (arr > 2 AND arr > 3)").toText()).isEqualTo("arr > 1 AND (arr > 2 AND arr > 3)");
            assertThat(ExpressionParser.parse("NOT (NOT (arr > 1))").toText()).isEqualTo("NOT NOT arr > 1");
            assertThat(ExpressionParser.parse("arr == -0.50 OR custom_fields.vip == true OR owner_id == null").toText())
                    .isEqualTo("arr == -0.50 OR custom_fields.vip == true OR owner_id == null");
        }
    }

    @Test
    void fieldsAreListedOnceInTextOrder() {
        assertThat(ExpressionParser.parse("segment == 'x' OR health_score < 1 AND custom_fields.t == 1 OR segment == 'y'").fields())
                .containsExactly(StandardField.SEGMENT, StandardField.HEALTH_SCORE, new CustomField("t"));
    }

    private static String knownFields() {
        return "health_score, health_status, arr, status, segment, owner_id, days_to_renewal, renewal_date, name, "
                + "email_domain, open_tasks, custom_fields.<key>";
    }

    private static void assertErrors(String expression, String... messages) {
        assertThat(ExpressionParser.check(expression)).extracting(ExpressionError::message).containsExactly(messages);
    }

    private static Operator symbol(String symbol) {
        return Arrays.stream(Operator.values()).filter(o -> o.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static Comparison compare(Field field, Operator operator, Literal value) {
        return new Comparison(field, operator, value);
    }

    private static NumberLiteral number(String value) {
        return new NumberLiteral(new BigDecimal(value));
    }

    private static TextLiteral text(String value) {
        return new TextLiteral(value);
    }
}
