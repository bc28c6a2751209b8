package com.subdecide.system;

import java.util.List;

/** The caller's role may not make this change: answered {@code 403} with each offending place in {@code errors}. */
public class ForbiddenException extends RuntimeException {

    private final String code;
    private final List<FieldProblem> problems;

    public ForbiddenException(String code, String detail, List<FieldProblem> problems) {
        super(detail);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
