package com.lealup.api.playbook.expression;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A typed constant of an expression. A {@code 'YYYY-MM-DD'} text compared with a date field is a
 * {@link DateLiteral} after parsing; everywhere else quoted text is a {@link TextLiteral}.
 */
public sealed interface Literal {

    record TextLiteral(String value) implements Literal {
        public TextLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    /** As written: {@code 1.50} keeps its scale, so that printing gives back the same text. */
    record NumberLiteral(BigDecimal value) implements Literal {
        public NumberLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    record BooleanLiteral(boolean value) implements Literal {
    }

    record DateLiteral(LocalDate value) implements Literal {
        public DateLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Only with {@code ==} and {@code !=}: a test whether the field has a value at all. */
    record NullLiteral() implements Literal {
    }
}
