package com.subdecide.system;

import java.util.List;

/** A request a client sent that cannot be decided on; answered {@code 400} with every offending field. */
public class InvalidRequestException extends RuntimeException {

    private final String code;
    private final List<FieldProblem> problems;

    public InvalidRequestException(String code, String detail, List<FieldProblem> problems) {
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
