package com.lealup.write.identity;

import com.lealup.api.DomainRejection;
import java.util.Objects;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link DomainRejection} by what the API turns into the answer: kind, code and field. */
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

    @Override
    protected boolean matchesSafely(DomainRejection rejection) {
        DomainRejection.Details details = rejection.details();
        return details.kind() == kind && details.code().equals(code) && Objects.equals(details.field(), field);
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a " + kind + " rejection '" + code + "' of field " + field);
    }
}
