package com.lealup.write;

import com.lealup.api.DomainRejection;
import java.util.Objects;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/**
 * Matches a {@link DomainRejection} by what the API turns into the answer: kind, code and field. Aggregate fixture
 * tests expect rejections with it, never with the bare class: any rejection is a DomainRejection, so the bare class
 * also passes when the command is refused for another reason than the one the test is about.
 */
public final class RejectionMatcher extends TypeSafeMatcher<DomainRejection> {

    private final DomainRejection.Kind kind;
    private final String code;
    private final String field;

    private RejectionMatcher(DomainRejection.Kind kind, String code, String field) {
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static Matcher<DomainRejection> rejection(DomainRejection.Kind kind, String code, String field) {
        return new RejectionMatcher(kind, code, field);
    }

    /** A rejection that names no field (conflicts, not found, version mismatches). */
    public static Matcher<DomainRejection> rejection(DomainRejection.Kind kind, String code) {
        return new RejectionMatcher(kind, code, null);
    }

    @Override
    protected boolean matchesSafely(DomainRejection rejection) {
        DomainRejection.Details details = rejection.details();
        return details.kind() == kind && details.code().equals(code) && Objects.equals(details.field(), field);
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a " + kind + " rejection '" + code + "'" + (field == null ? "" : " of field " + field));
    }

    @Override
    protected void describeMismatchSafely(DomainRejection rejection, Description description) {
        DomainRejection.Details details = rejection.details();
        description.appendText("was a " + details.kind() + " rejection '" + details.code() + "'"
                + (details.field() == null ? "" : " of field " + details.field()) + ": " + details.message());
    }
}
