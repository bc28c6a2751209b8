package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * What a solver configuration may name, checked on its parsed XML (so CDATA, entities or comments cannot hide
 * a name): no document type or entities at all; every {@code ...Class} element names a class of this service's
 * solver packages ({@code com.subdecide.<area>.solver} or {@code .population}); move threads at most the
 * machine's cores.
 */
final class SolverConfigPolicy {

    private static final Pattern SOLVER_CLASS = Pattern.compile("com\\.subdecide\\.[a-z]+\\.(solver|population)\\.[A-Z][\\w$]*");

    private SolverConfigPolicy() {
    }

    static List<RuleProblem> check(String file, byte[] content) {
        List<RuleProblem> problems = new ArrayList<>();
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            document = builder.parse(new ByteArrayInputStream(content));
        } catch (SAXParseException e) {
            String message = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "document type declarations and entities are not allowed in a solver configuration"
                    : "the solver configuration is not well-formed XML: " + e.getMessage();
            problems.add(new RuleProblem(e.getLineNumber() > 0 ? file + ":" + e.getLineNumber() : file, message));
            return problems;
        } catch (SAXException | IOException | ParserConfigurationException e) {
            problems.add(new RuleProblem(file, "the solver configuration cannot be read: " + e.getMessage()));
            return problems;
        }
        walk(file, document.getDocumentElement(), problems);
        return problems;
    }

    private static void walk(String file, Element element, List<RuleProblem> problems) {
        String tag = element.getLocalName() != null ? element.getLocalName() : element.getTagName();
        String text = element.getTextContent() == null ? "" : element.getTextContent().trim();
        if (tag.endsWith("Class") && !SOLVER_CLASS.matcher(text).matches()) {
            problems.add(new RuleProblem(file, "<" + tag + "> may name only this service's solver classes "
                    + "(com.subdecide.<area>.solver or .population), not '" + text + "'"));
        }
        if (tag.equals("moveThreadCount") && !text.equals("NONE") && !text.equals("AUTO")) {
            int cores = Runtime.getRuntime().availableProcessors();
            try {
                if (Integer.parseInt(text) > cores) {
                    problems.add(new RuleProblem(file, "<moveThreadCount> may be at most " + cores + " (the cores here)"));
                }
            } catch (NumberFormatException e) {
                problems.add(new RuleProblem(file, "<moveThreadCount> must be NONE, AUTO or a number"));
            }
        }
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                walk(file, (Element) children.item(i), problems);
            }
        }
    }
}
