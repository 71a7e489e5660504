package com.lealup.api.playbook.expression;

import com.lealup.api.playbook.expression.Expression.And;
import com.lealup.api.playbook.expression.Expression.Comparison;
import com.lealup.api.playbook.expression.Expression.Membership;
import com.lealup.api.playbook.expression.Expression.Not;
import com.lealup.api.playbook.expression.Expression.Or;
import com.lealup.api.playbook.expression.Literal.BooleanLiteral;
import com.lealup.api.playbook.expression.Literal.NullLiteral;
import com.lealup.api.playbook.expression.Literal.NumberLiteral;
import com.lealup.api.playbook.expression.Literal.TextLiteral;
import com.lealup.api.playbook.expression.Token.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses and type-checks a playbook condition (grammar: {@code docs/playbook-expressions.md}): a hand-written
 * recursive-descent parser, one method per grammar rule. It stops at the first syntax error; type errors (an
 * unknown field, a literal of the wrong type) are collected on the way, so one answer can name several.
 */
public final class ExpressionParser {

    /** The longest expression accepted, in characters (code points). */
    public static final int MAX_LENGTH = 2000;
    /** How deep parentheses and NOT may nest; bounds the parser's recursion and the evaluator's. */
    public static final int MAX_DEPTH = 32;

    private static final Pattern CUSTOM_FIELD_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final String KNOWN_FIELDS = Arrays.stream(StandardField.values()).map(StandardField::path)
            .collect(Collectors.joining(", ")) + ", " + CustomField.PREFIX + "<key>";

    private final Tokenizer tokenizer;
    private final List<ExpressionError> errors = new ArrayList<>();
    private final TypeChecker types;
    private Token current;

    private ExpressionParser(String text, LocalDate earliest, LocalDate latest) {
        this.tokenizer = new Tokenizer(Objects.requireNonNull(text, "text"));
        this.types = new TypeChecker(errors, earliest, latest);
    }

    /** The expression's tree; {@link InvalidExpressionException} with every error found when it is not valid. */
    public static Expression parse(String text) {
        ExpressionParser parser = new ExpressionParser(text, LocalDate.MIN, LocalDate.MAX);
        Expression expression = parser.run(text);
        if (!parser.errors.isEmpty()) {
            throw new InvalidExpressionException(parser.errors);
        }
        return expression;
    }

    /** The errors of an expression, in the order of the text; empty when it is valid. */
    public static List<ExpressionError> check(String text) {
        return check(text, LocalDate.MIN, LocalDate.MAX);
    }

    /**
     * The errors of an expression a client sends, which also refuses a date literal before {@code earliest} or after
     * {@code latest}: the dates the API holds, a rule of its edge. An expression already stored is read by
     * {@link #parse}, and {@link #check} judges it, whatever its dates, so a playbook stored before the rule loads.
     */
    public static List<ExpressionError> check(String text, LocalDate earliest, LocalDate latest) {
        ExpressionParser parser = new ExpressionParser(text, earliest, latest);
        parser.run(text);
        return List.copyOf(parser.errors);
    }

    /** The tree, meaningful only when no error was recorded. */
    private Expression run(String text) {
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            errors.add(new ExpressionError(MAX_LENGTH + 1, "the expression is longer than " + MAX_LENGTH + " characters"));
            return null;
        }
        try {
            current = tokenizer.next();
            Expression expression = or(0);
            if (current.kind() != Kind.END) {
                throw afterCondition(current, "expected AND, OR or end of input, found " + current.describe());
            }
            return expression;
        } catch (SyntaxError e) {
            errors.add(e.error());
            return null;
        }
    }

    // or = and { "OR" and }
    private Expression or(int depth) {
        Expression left = and(depth);
        while (current.kind() == Kind.OR) {
            advance();
            left = new Or(left, and(depth));
        }
        return left;
    }

    // and = not { "AND" not }
    private Expression and(int depth) {
        Expression left = not(depth);
        while (current.kind() == Kind.AND) {
            advance();
            left = new And(left, not(depth));
        }
        return left;
    }

    // not = "NOT" not | primary
    private Expression not(int depth) {
        if (current.kind() == Kind.NOT) {
            nest(depth, advance());
            return new Not(not(depth + 1));
        }
        return primary(depth);
    }

    // primary = "(" or ")" | comparison
    private Expression primary(int depth) {
        if (current.kind() == Kind.LEFT_PAREN) {
            Token open = advance();
            nest(depth, open);
            Expression inner = or(depth + 1);
            if (current.kind() != Kind.RIGHT_PAREN) {
                throw afterCondition(current, "expected AND, OR or ')' to close the '(' at " + open.position()
                        + ", found " + current.describe());
            }
            advance();
            return inner;
        }
        if (current.kind() == Kind.FIELD) {
            return comparison();
        }
        throw new SyntaxError(current.position(), "expected a condition (a field, NOT or '('), found " + current.describe());
    }

    // comparison = field ( operator value | [ "NOT" ] "IN" list )
    private Expression comparison() {
        Token fieldToken = advance();
        Field field = field(fieldToken);
        if (current.kind() == Kind.OPERATOR) {
            Token operatorToken = advance();
            Operator operator = operator(operatorToken);
            Token valueToken = current;
            Literal literal = literal("a value after '" + operator.symbol() + "'");
            return new Comparison(field, operator, types.comparison(field, operator, operatorToken, literal, valueToken));
        }
        boolean negated = current.kind() == Kind.NOT;
        if (negated) {
            advance();
            if (current.kind() != Kind.IN) {
                throw new SyntaxError(current.position(), "expected IN after NOT, found " + current.describe());
            }
        }
        if (current.kind() != Kind.IN) {
            throw new SyntaxError(current.position(), "expected an operator (== != < <= > >= IN NOT IN) after "
                    + fieldToken.text() + ", found " + current.describe());
        }
        advance();
        return new Membership(field, negated, list(field));
    }

    // list = "(" value { "," value } ")"
    private List<Literal> list(Field field) {
        if (current.kind() != Kind.LEFT_PAREN) {
            throw new SyntaxError(current.position(), "expected '(' to open the list of IN, found " + current.describe());
        }
        advance();
        List<Literal> values = new ArrayList<>();
        values.add(listValue(field, null));
        while (current.kind() == Kind.COMMA) {
            advance();
            values.add(listValue(field, values.get(0)));
        }
        if (current.kind() != Kind.RIGHT_PAREN) {
            throw new SyntaxError(current.position(), "expected ',' or ')' in the list, found " + current.describe());
        }
        advance();
        return values;
    }

    private Literal listValue(Field field, Literal first) {
        Token valueToken = current;
        return types.listValue(field, literal("a value in the list"), valueToken, first);
    }

    // value = text | number | "true" | "false" | "null"
    private Literal literal(String expected) {
        Literal literal = switch (current.kind()) {
            case TEXT -> new TextLiteral(current.text());
            case NUMBER -> new NumberLiteral(new BigDecimal(current.text()));
            case TRUE -> new BooleanLiteral(true);
            case FALSE -> new BooleanLiteral(false);
            case NULL -> new NullLiteral();
            default -> throw new SyntaxError(current.position(), "expected " + expected + ", found " + current.describe());
        };
        advance();
        return literal;
    }

    /**
     * The field a name stands for. An unknown one is a type error, not a syntax error, so parsing goes on to
     * find more errors; the stand-in field it gets is never seen, since the expression is then rejected.
     */
    private Field field(Token token) {
        String path = token.text();
        if (path.startsWith(CustomField.PREFIX)) {
            String key = path.substring(CustomField.PREFIX.length());
            if (CUSTOM_FIELD_KEY.matcher(key).matches()) {
                return new CustomField(key);
            }
            errors.add(new ExpressionError(token.position(), "'" + key + "' cannot be a custom field key: keys are "
                    + "1-64 letters, digits or _, not starting with a digit"));
            return new CustomField(key);
        }
        Optional<StandardField> standard = StandardField.byPath(path);
        if (standard.isPresent()) {
            return standard.get();
        }
        String hint = StandardField.byPath(path.toLowerCase(Locale.ROOT)).map(f -> " (field names are lower-case: "
                + f.path() + ")").orElse(path.equals("custom_fields") ? " (write custom_fields.<key>)" : "");
        errors.add(new ExpressionError(token.position(), "unknown field '" + path + "'" + hint + "; the fields are "
                + KNOWN_FIELDS));
        return new CustomField(path);
    }

    private static Operator operator(Token token) {
        return Arrays.stream(Operator.values()).filter(o -> o.symbol().equals(token.text())).findFirst().orElseThrow();
    }

    /** What follows a complete condition where AND, OR, ')' or the end belong. */
    private static SyntaxError afterCondition(Token found, String otherwise) {
        if (found.kind() == Kind.OPERATOR) {
            return new SyntaxError(found.position(), "comparisons do not chain: join them with AND or OR");
        }
        if (found.kind() == Kind.RIGHT_PAREN) {
            return new SyntaxError(found.position(), "')' has no '(' to close");
        }
        return new SyntaxError(found.position(), otherwise);
    }

    private static void nest(int depth, Token at) {
        if (depth >= MAX_DEPTH) {
            throw new SyntaxError(at.position(), "parentheses and NOT nest more than " + MAX_DEPTH + " levels deep");
        }
    }

    private Token advance() {
        Token token = current;
        current = tokenizer.next();
        return token;
    }
}
