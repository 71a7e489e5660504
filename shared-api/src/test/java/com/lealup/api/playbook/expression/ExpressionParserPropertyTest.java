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
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of the parser over generated well-typed expressions and generated garbage. */
class ExpressionParserPropertyTest {

    private static final List<Operator> EQUALITY = List.of(Operator.EQUAL, Operator.NOT_EQUAL);

    @Property(tries = 500)
    void theCanonicalTextParsesToTheSameTree(@ForAll("expressions") Expression expression) {
        assertThat(ExpressionParser.parse(expression.toText())).isEqualTo(expression);
    }

    @Property(tries = 300)
    void keywordCaseWhitespaceAndRedundantParenthesesDoNotMatter(@ForAll("expressions") Expression expression,
                                                                  @ForAll Random random) {
        String written = new LooseWriter(random).write(expression);
        assertThat(ExpressionParser.parse(written)).as(written).isEqualTo(expression);
    }

    @Property(tries = 2000)
    void garbageGetsPositionedErrorsAndNothingElse(@ForAll("garbage") String text) {
        assertOnlyParseErrors(text);
    }

    @Property(tries = 300)
    void everyPrefixOfAnExpressionParsesOrGetsPositionedErrors(@ForAll("expressions") Expression expression,
                                                              @ForAll Random random) {
        String text = expression.toText();
        assertOnlyParseErrors(text.substring(0, random.nextInt(text.length() + 1)));
    }

    /** check and parse agree, errors point into the text (or just past it), a valid text round-trips. */
    private static void assertOnlyParseErrors(String text) {
        List<ExpressionError> errors = ExpressionParser.check(text);
        int end = text.codePointCount(0, text.length()) + 1;
        assertThat(errors).allSatisfy(error -> assertThat(error.position()).isBetween(1, end));
        if (errors.isEmpty()) {
            Expression expression = ExpressionParser.parse(text);
            assertThat(ExpressionParser.parse(expression.toText())).isEqualTo(expression);
        } else {
            assertThatThrownBy(() -> ExpressionParser.parse(text)).isInstanceOfSatisfying(InvalidExpressionException.class,
                    e -> assertThat(e.errors()).isEqualTo(errors));
        }
    }

    @Provide
    Arbitrary<Expression> expressions() {
        return EXPRESSIONS;
    }

    // built once, bottom-up and without flatMap: generating stays fast enough for a thousand tries per property
    private static final Arbitrary<Expression> CONDITIONS = conditions();
    private static final Arbitrary<Expression> EXPRESSIONS = expressions(4)
            // well inside the length limit, also after LooseWriter's extra whitespace and parentheses
            .filter(expression -> expression.toText().length() <= 1000);

    private static Arbitrary<Expression> expressions(int depth) {
        Arbitrary<Expression> expressions = CONDITIONS;
        for (int level = 1; level <= depth; level++) {
            Arbitrary<Expression> smaller = expressions;
            expressions = Arbitraries.frequencyOf(
                    Tuple.of(3, CONDITIONS),
                    Tuple.of(1, smaller.map(Not::new)),
                    Tuple.of(1, Combinators.combine(smaller, smaller).as(And::new)),
                    Tuple.of(1, Combinators.combine(smaller, smaller).as(Or::new)));
        }
        return expressions;
    }

    private static Arbitrary<Expression> conditions() {
        List<Arbitrary<Expression>> standard = Arrays.stream(StandardField.values())
                .map(ExpressionParserPropertyTest::conditions).toList();
        Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9')
                .ofMinLength(1).ofMaxLength(12).filter(key -> !Character.isDigit(key.charAt(0)));
        Arbitrary<Expression> custom = Combinators.combine(keys, conditions(new CustomField("key")))
                .as((key, condition) -> onField(condition, new CustomField(key)));
        return Arbitraries.oneOf(Arbitraries.oneOf(standard), custom);
    }

    private static Arbitrary<Expression> conditions(Field field) {
        Arbitrary<Expression> nullTests = Arbitraries.of(EQUALITY).map(op -> new Comparison(field, op, new NullLiteral()));
        Arbitrary<Expression> comparisons;
        Arbitrary<List<Literal>> lists;
        if (field.type() == ValueType.ANY) {
            // ordering only for numbers; a list holds values of one type
            comparisons = Arbitraries.oneOf(
                    Combinators.combine(Arbitraries.of(Operator.values()), numbers()).as((op, v) -> new Comparison(field, op, v)),
                    Combinators.combine(Arbitraries.of(EQUALITY), Arbitraries.oneOf(texts(), booleans()))
                            .as((op, v) -> new Comparison(field, op, v)));
            lists = Arbitraries.oneOf(numbers().list().ofMinSize(1).ofMaxSize(3), texts().list().ofMinSize(1).ofMaxSize(3),
                    booleans().list().ofMinSize(1).ofMaxSize(3));
        } else {
            boolean ordered = field.type() != ValueType.TEXT;
            comparisons = Combinators.combine(Arbitraries.of(ordered ? List.of(Operator.values()) : EQUALITY), values(field))
                    .as((op, v) -> new Comparison(field, op, v));
            lists = values(field).list().ofMinSize(1).ofMaxSize(3);
        }
        Arbitrary<Expression> memberships = Combinators.combine(Arbitraries.of(true, false), lists)
                .as((negated, values) -> new Membership(field, negated, values));
        return Arbitraries.frequencyOf(Tuple.of(1, nullTests), Tuple.of(4, comparisons), Tuple.of(2, memberships));
    }

    private static Expression onField(Expression condition, Field field) {
        if (condition instanceof Comparison comparison) {
            return new Comparison(field, comparison.operator(), comparison.value());
        }
        Membership membership = (Membership) condition;
        return new Membership(field, membership.negated(), membership.values());
    }

    private static Arbitrary<Literal> values(StandardField field) {
        return switch (field.type()) {
            case NUMBER -> numbers();
            case DATE -> dates();
            default -> field.allowedValues().isEmpty() ? texts() : Arbitraries.of(field.allowedValues()).map(TextLiteral::new);
        };
    }

    private static Arbitrary<Literal> values(Field field) {
        return values((StandardField) field);
    }

    private static Arbitrary<Literal> numbers() {
        return Combinators.combine(Arbitraries.longs().between(-100_000_000, 100_000_000), Arbitraries.integers().between(0, 2))
                .as((unscaled, scale) -> new NumberLiteral(BigDecimal.valueOf(unscaled, scale)));
    }

    private static Arbitrary<Literal> booleans() {
        return Arbitraries.of(true, false).map(BooleanLiteral::new);
    }

    private static Arbitrary<Literal> dates() {
        return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(day -> new DateLiteral(LocalDate.ofEpochDay(day)));
    }

    private static Arbitrary<Literal> texts() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ñ', '\n', '\t', '\'', '\\')
                .ofMaxLength(12).map(text -> text.replace("~", "😀")).map(TextLiteral::new);
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> characters = Arbitraries.strings()
                .withChars("abcdeilmnorstuvwxyzANDORTI_.,()'=!<>-+0123456789\\\" \n\té😀@")
                .ofMaxLength(60);
        List<String> vocabulary = List.of("health_score", "status", "renewal_date", "custom_fields.x", "custom_fields.",
                "custom_fields", "foo", "AND", "or", "NOT", "in", "(", ")", ",", "==", "!=", "<", "<=", ">", ">=", "=", "!",
                "'active'", "'a''b'", "'2026-01-31'", "'", "60", "-1.5", "1.", "-", "true", "NULL");
        Arbitrary<String> tokens = Arbitraries.of(vocabulary).list().ofMaxSize(20).flatMap(list ->
                Arbitraries.of(" ", "", "\n").map(separator -> String.join(separator, list)));
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(40);
        return Arbitraries.oneOf(characters, tokens, anything);
    }

    /** Writes an expression with random keyword case, whitespace and extra parentheses: a second, independent printer. */
    private static final class LooseWriter {

        private final Random random;

        LooseWriter(Random random) {
            this.random = random;
        }

        String write(Expression expression) {
            return space(false) + write(expression, 0) + space(false);
        }

        /** needs: 0 anything, 1 no OR unparenthesised, 2 no AND/OR, 3 a NOT or a comparison. */
        private String write(Expression expression, int needs) {
            String text;
            int strength;
            if (expression instanceof Or or) {
                strength = 0;
                text = write(or.left(), 0) + space(true) + keyword("OR") + space(true) + write(or.right(), 1);
            } else if (expression instanceof And and) {
                strength = 1;
                text = write(and.left(), 1) + space(true) + keyword("AND") + space(true) + write(and.right(), 2);
            } else if (expression instanceof Not not) {
                strength = 2;
                text = keyword("NOT") + space(true) + write(not.operand(), 2);
            } else if (expression instanceof Comparison comparison) {
                strength = 3;
                text = comparison.field().path() + space(false) + comparison.operator().symbol() + space(false)
                        + literal(comparison.value());
            } else {
                Membership membership = (Membership) expression;
                strength = 3;
                text = membership.field().path() + space(true) + (membership.negated() ? keyword("NOT") + space(true) : "")
                        + keyword("IN") + space(false) + "(" + membership.values().stream().map(this::literal)
                        .collect(Collectors.joining(space(false) + "," + space(false))) + ")";
            }
            boolean parenthesise = strength < needs || random.nextInt(5) == 0;
            return parenthesise ? "(" + space(false) + text + space(false) + ")" : text;
        }

        private String literal(Literal literal) {
            if (literal instanceof BooleanLiteral || literal instanceof NullLiteral) {
                return keyword(ExpressionPrinter.literal(literal));
            }
            return ExpressionPrinter.literal(literal);
        }

        private String keyword(String keyword) {
            return keyword.chars().mapToObj(c -> String.valueOf((char) (random.nextBoolean()
                    ? Character.toUpperCase(c) : Character.toLowerCase(c)))).collect(Collectors.joining());
        }

        private String space(boolean required) {
            String[] choices = {"", " ", "  ", "\n", "\t "};
            return choices[required ? 1 + random.nextInt(choices.length - 1) : random.nextInt(choices.length)];
        }
    }

}
