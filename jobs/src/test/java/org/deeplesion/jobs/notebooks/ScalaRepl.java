package org.deeplesion.jobs.notebooks;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.NamedParamClass;
import scala.tools.nsc.interpreter.Results;

/**
 * The Scala interpreter Spark's shell and Zeppelin's Spark interpreter are built on, with {@code spark} bound and
 * Zeppelin's default imports, so that a note's {@code %spark} paragraphs run as they would in Zeppelin.
 */
final class ScalaRepl implements AutoCloseable {

    /** A paragraph's outcome and what the interpreter printed for it. */
    record Outcome(boolean success, String output) {}

    private final IMain interpreter;
    private final StringWriter output = new StringWriter();

    ScalaRepl(SparkSession spark) {
        Settings settings = new Settings();
        // Class-based line wrappers, as spark-shell and Zeppelin use, so that code behaves as it does there.
        settings.processArgumentString("-usejavacp -Yrepl-class-based");
        interpreter = new IMain(settings, new PrintWriter(output, true));
        interpreter.initializeSynchronous();
        require(interpreter.bind(new NamedParamClass("spark", SparkSession.class.getName(), spark)), "bind spark");
        for (String imports :
                new String[] {"import spark.implicits._", "import spark.sql", "import org.apache.spark.sql.functions._"
                }) {
            require(interpreter.interpret(imports), imports);
        }
    }

    Outcome run(String code) {
        output.getBuffer().setLength(0);
        Results.Result result = interpreter.interpret(code);
        return new Outcome(result == Results.Success$.MODULE$, output.toString());
    }

    /** The value of a term the last paragraphs defined, or null. */
    Object valueOf(String term) {
        Option<Object> value = interpreter.valueOfTerm(term);
        return value.isDefined() ? value.get() : null;
    }

    @Override
    public void close() {
        interpreter.close();
    }

    private void require(Results.Result result, String what) {
        if (result != Results.Success$.MODULE$) {
            throw new IllegalStateException("the Scala interpreter could not " + what + ": " + output);
        }
    }
}
