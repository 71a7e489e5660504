package com.lealup.http.customer;

import com.lealup.http.support.Refusal;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpStatus;

/** What the Customer aggregate refuses in the fields a create or an update sets (docs/customers.md). */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Refusal(status = HttpStatus.CONFLICT, code = "duplicate_email_domain", when = "another customer of the "
        + "workspace, in the trash included, has this email_domain (existing_id names it)")
@Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_owner", when = "owner_id or owner_email names "
        + "no user of the workspace that is not deactivated")
@Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_segment", when = "segment_id names no segment "
        + "of the workspace")
@Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "renewal_date_in_past", when = "renewal_date is before "
        + "today (UTC)")
@interface CustomerFieldRefusals {
}
