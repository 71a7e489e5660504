package com.lealup.write;

import com.lealup.api.DomainRejection;
import java.util.List;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/**
 * Matches a {@link DomainRejection} by what the API turns into the answer: kind, and the code and field of each
 * field error (or the code alone of a rejection of no field). Aggregate fixture tests expect rejections with it,
 * never with the bare class: any rejection is a DomainRejection, so the bare class also passes when the command is
 * refused for another reason than the one the test is about.
 */
public final class RejectionMatcher extends TypeSafeMatcher<DomainRejection> {

    private final DomainRejection.Kind kind;
    private final String code;
    /** Each field error as {@code "field code"}, in order. */
    private final List<String> errors;

    private RejectionMatcher(DomainRejection.Kind kind, String code, List<String> errors) {
        this.kind = kind;
        this.code = code;
        this.errors = errors;
    }

    /** A rejection of this one field and of no other; of no field when {@code field} is null. */
    public static Matcher<DomainRejection> rejection(DomainRejection.Kind kind, String code, String field) {
        return new RejectionMatcher(kind, code, field == null ? List.of() : List.of(field + " " + code));
    }

    /** A rejection that names no field (conflicts, not found, version mismatches). */
    public static Matcher<DomainRejection> rejection(DomainRejection.Kind kind, String code) {
        return new RejectionMatcher(kind, code, List.of());
    }

    /** A 400 naming these field errors, each {@code "field code"}, in this order, and no other. */
    public static Matcher<DomainRejection> invalidFields(String... errors) {
        return new RejectionMatcher(DomainRejection.Kind.INVALID, errors[0].split(" ")[1], List.of(errors));
    }

    @Override
    protected boolean matchesSafely(DomainRejection rejection) {
        DomainRejection.Details details = rejection.details();
        return details.kind() == kind && details.code().equals(code) && errors(details).equals(errors);
    }

    private static List<String> errors(DomainRejection.Details details) {
        return details.errors().stream().map(e -> e.field() + " " + e.code()).toList();
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a " + kind + " rejection '" + code + "'" + (errors.isEmpty() ? "" : " of " + errors));
    }

    @Override
    protected void describeMismatchSafely(DomainRejection rejection, Description description) {
        DomainRejection.Details details = rejection.details();
        description.appendText("was a " + details.kind() + " rejection '" + details.code() + "'"
                + (details.errors().isEmpty() ? "" : " of " + errors(details)) + ": " + details.message());
    }
}
