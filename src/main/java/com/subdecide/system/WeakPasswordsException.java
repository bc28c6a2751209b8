package com.subdecide.system;

/** Users with {@code {noop}} or blank passwords where {@code decisions.security.require-strong-passwords} is on. */
class WeakPasswordsException extends IllegalStateException {

    WeakPasswordsException(String message) {
        super(message);
    }
}
