package com.lealup.api.customer;

import com.lealup.api.PersonalData;

/**
 * A contact's data as added or changed; in an update a null field is unchanged, and a field named in
 * {@code cleared} (title, whatsapp_number) is set to null.
 */
public record ContactFields(@PersonalData String name, @PersonalData String email, @PersonalData String title,
                            Boolean isChampion, @PersonalData String whatsappNumber) {

    /** Fields that may be cleared with an explicit null. */
    public static final String TITLE = "title";
    public static final String WHATSAPP_NUMBER = "whatsapp_number";

    /** True when nothing is set (named so that it is not a JSON property of the event). */
    public boolean changesNothing() {
        return name == null && email == null && title == null && isChampion == null && whatsappNumber == null;
    }
}
