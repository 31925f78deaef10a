// rateio-bench: the performance benchmarks of docs/PERFORMANCE.md. Each
// prints its figures and their ratio to a reference measured in the same run.
//
//   rateio-bench apply|rules|open|consensus|sync|statesync|desktop|all [--transactions N] [--quick] [--cache DIR]
//
// --quick runs each at a tiny size to prove it works (the CTest smoke test);
// its figures mean nothing. Generated chains are kept in --cache (default:
// bench-cache next to this program, in the build dir) and reused on later runs.

#include "common.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cstdio>
#include <map>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rateio-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rateio benchmarks (docs/PERFORMANCE.md)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("benchmark"), QStringLiteral("apply, rules, open, consensus, sync, statesync, desktop or all"));
    const QCommandLineOption transactions(QStringLiteral("transactions"), QStringLiteral("Transactions to measure over."),
                                          QStringLiteral("N"));
    const QCommandLineOption quick(QStringLiteral("quick"), QStringLiteral("Tiny sizes: checks that it works, figures mean nothing."));
    const QCommandLineOption cache(QStringLiteral("cache"), QStringLiteral("Where generated chains are kept."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption open_file(QStringLiteral("open-file"),
                                       QStringLiteral("With open: only time opening this chain.sqlite, in this fresh "
                                                      "process (the open benchmark runs itself so)."),
                                       QStringLiteral("FILE"));
    parser.addOptions({transactions, quick, cache, open_file});
    parser.process(app);

    bench::Options options;
    options.node_program = QStringLiteral(RATEIO_NODE_PROGRAM);
    options.desktop_program = QStringLiteral(RATEIO_DESKTOP_PROGRAM);
    // Absolute: the nodes' INI files name the cached genesis, and a relative
    // path there is read from the INI file's own folder.
    options.cache_dir = parser.isSet(cache) ? QDir().absoluteFilePath(parser.value(cache))
                                            : QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench-cache"));
    options.transactions = parser.value(transactions).toULongLong();
    options.quick = parser.isSet(quick);
    options.open_file = parser.value(open_file);

    const std::map<QString, int (*)(const bench::Options&)> benchmarks{
        {QStringLiteral("apply"), bench::run_apply},         {QStringLiteral("rules"), bench::run_rules},
        {QStringLiteral("consensus"), bench::run_consensus}, {QStringLiteral("sync"), bench::run_sync},
        {QStringLiteral("statesync"), bench::run_state_sync},
        {QStringLiteral("desktop"), bench::run_desktop},     {QStringLiteral("open"), bench::run_open},
    };
    const QStringList names = parser.positionalArguments();
    if (names.size() != 1 || (names[0] != QStringLiteral("all") && !benchmarks.contains(names[0]))) {
        std::fputs(qPrintable(parser.helpText()), stderr);
        return 2;
    }
    int status = 0;
    for (const auto& [name, run] : benchmarks) {
        if (names[0] != QStringLiteral("all") && names[0] != name) continue;
        if (const int code = run(options); code != 0) {
            std::fprintf(stderr, "rateio-bench: %s failed\n", qPrintable(name));
            status = code;
        }
    }
    return status;
}
