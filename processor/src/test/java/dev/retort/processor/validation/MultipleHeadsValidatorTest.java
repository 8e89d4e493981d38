package dev.retort.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.retort.processor.RevisionProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class MultipleHeadsValidatorTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  @Test
  void twoHeads_failsNamingBothFiles() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = {\"77b0\"})");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = {\"77b0\"})");

    Compilation compilation = compiler.compile(createUsers, addEmail, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/MultipleHeads] two heads: 9c2e (AddEmail.java) and a1f3 (AddPhone.java)
                9c2e  AddEmail   down = {"77b0"}
                a1f3  AddPhone   down = {"77b0"}
              both branch from 77b0 (CreateUsers.java); add a merge revision with down = \
            {"9c2e", "a1f3"}\
            """)
        .inFile(addPhone)
        .onLineContaining("@Revision(id = \"a1f3\"");
  }

  @Test
  void threeHeads_failsOnceSayingAllBranchFromTheSameRevision() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject addPhoneIndex =
        revision("com.example.AddPhoneIndex", "@Revision(id = \"c0de\", down = \"a1f3\")");
    JavaFileObject addAddress =
        revision("com.example.users.AddAddress", "@Revision(id = \"3b4f\", down = \"77b0\")");

    Compilation compilation =
        compiler.compile(createUsers, addEmail, addPhone, addPhoneIndex, addAddress);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/MultipleHeads] three heads: 3b4f (AddAddress.java), 9c2e (AddEmail.java) and \
            c0de (AddPhoneIndex.java)
                3b4f  AddAddress      down = {"77b0"}
                9c2e  AddEmail        down = {"77b0"}
                c0de  AddPhoneIndex   down = {"a1f3"}
              all branch from 77b0 (CreateUsers.java); add a merge revision with down = \
            {"3b4f", "9c2e", "c0de"}\
            """)
        .inFile(addPhoneIndex)
        .onLineContaining("@Revision(id = \"c0de\"");
  }

  @Test
  void twoUnrelatedChains_failSayingTheyShareNoAncestor() {
    JavaFileObject users = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject orders = revision("com.example.CreateOrders", "@Revision(id = \"e1e1\")");

    Compilation compilation = compiler.compile(users, orders);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/MultipleHeads] two heads: 77b0 (CreateUsers.java) and e1e1 (CreateOrders.java)
                77b0  CreateUsers    down = {}
                e1e1  CreateOrders   down = {}
              they share no ancestor; add a merge revision with down = {"77b0", "e1e1"}\
            """)
        .inFile(orders)
        .onLineContaining("@Revision(id = \"e1e1\")");
  }

  @Test
  void twoBasesWithOneHead_compile() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("com.example.CreateOrders", "@Revision(id = \"e1e1\")"),
            revision(
                "com.example.LinkOrders", "@Revision(id = \"f00d\", down = {\"77b0\", \"e1e1\"})"));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void mergeRevision_compiles() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")"),
            revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")"),
            revision(
                "com.example.MergeHeads", "@Revision(id = \"d4e5\", down = {\"9c2e\", \"a1f3\"})"));

    assertThat(compilation).succeededWithoutWarnings();
  }
}
