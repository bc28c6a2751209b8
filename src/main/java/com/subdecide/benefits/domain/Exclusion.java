package com.subdecide.benefits.domain;

/** Two benefits a user may not hold together; the first one given wins. */
public class Exclusion {

    private final String first;
    private final String second;
    private final String rule;

    public Exclusion(String first, String second, String rule) {
        this.first = first;
        this.second = second;
        this.rule = rule;
    }

    public String getFirst() {
        return first;
    }

    public String getSecond() {
        return second;
    }

    public String getRule() {
        return rule;
    }

    public boolean excludes(String a, String b) {
        return first.equals(a) && second.equals(b) || first.equals(b) && second.equals(a);
    }
}
