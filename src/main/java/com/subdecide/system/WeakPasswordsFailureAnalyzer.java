package com.subdecide.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refused for default or plain-text passwords: say which users and how to set them, no stack trace. */
class WeakPasswordsFailureAnalyzer extends AbstractFailureAnalyzer<WeakPasswordsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WeakPasswordsException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set each user's password hashed, e.g. "
                + "DECISIONS_SECURITY_USERS_ADMIN_PASSWORD='{bcrypt}$2a$10$...' (docs/configuration.md), or run without "
                + "the prod profile for local use.", cause);
    }
}
