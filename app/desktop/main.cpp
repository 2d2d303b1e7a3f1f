// main.cpp — the `dendrite` desktop app: parses the command line, loads translations, and wires
// the models (app/models) to the main window (widgets/, hosting the QML control panel).
//
//   dendrite [--config FILE] [--input DIR|IDX] [--network SPEC|PRESET] [--threads N] [PATH]
//
// PATH may be a folder of images, an IDX file or a .dendrite model. Values given here override
// the preferences for this run only. Offscreen (QT_QPA_PLATFORM=offscreen) the software Qt Quick
// renderer is used, so the app and its tests run without a GPU or a display.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

#include <cstdio>

#include "app/models/translations.h"
#include "app/models/workbench.h"
#include "widgets/main_window.h"

namespace {

struct Options {
  QCommandLineOption config{{"c", "config"}, QCoreApplication::translate("main", "Config file (KEY=VALUE lines)."), "file"};
  QCommandLineOption input{{"i", "input"}, QCoreApplication::translate("main", "Folder of images or IDX file to train on."), "path"};
  QCommandLineOption network{{"n", "network"}, QCoreApplication::translate("main", "Network spec or preset (dense-ae, local-ae, rgb-ae)."), "spec"};
  QCommandLineOption threads{{"t", "threads"}, QCoreApplication::translate("main", "Training threads (0 = all cores)."), "n"};
};

void set_names() {
  QCoreApplication::setOrganizationName("Dendrite");
  QCoreApplication::setApplicationName("dendrite");
  QCoreApplication::setApplicationVersion(QStringLiteral(DENDRITE_VERSION));
}

void describe(QCommandLineParser& parser, const Options& o) {
  parser.setApplicationDescription(QCoreApplication::translate("main", "Neuron-level autoencoder workbench"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addOptions({o.config, o.input, o.network, o.threads});
  parser.addPositionalArgument("path", QCoreApplication::translate("main", "A folder of images, an IDX file or a .dendrite model."), "[path]");
}

// --help and --version must work without a display (a terminal on a server, a package check).
bool wants_text_only(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QByteArray a(argv[i]);
    if (a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (wants_text_only(argc, argv)) {
    QCoreApplication app(argc, argv);
    set_names();
    dendrite::install_translations(app);
    QCommandLineParser parser;
    Options options;
    describe(parser, options);
    parser.process(app);  // prints and exits
    return 0;
  }
  if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen") && !qEnvironmentVariableIsSet("QT_QUICK_BACKEND"))
    qputenv("QT_QUICK_BACKEND", "software");
  QApplication app(argc, argv);
  set_names();
  QGuiApplication::setApplicationDisplayName("Dendrite");
  QGuiApplication::setDesktopFileName("dendrite");
  QApplication::setWindowIcon(QIcon(":/icons/dendrite.svg"));
  dendrite::install_translations(app);

  QCommandLineParser parser;
  Options options;
  describe(parser, options);
  parser.process(app);
  const QCommandLineOption& config = options.config;
  const QCommandLineOption& input = options.input;
  const QCommandLineOption& network = options.network;
  const QCommandLineOption& threads = options.threads;

  auto* settings = new dendrite::SettingsModel({}, parser.value(config));
  QString model_path;
  QStringList errors;
  auto override_setting = [&](const char* key, const QString& value) {
    if (const QString e = settings->setCommandLineValue(key, value); !e.isEmpty()) errors << e;
  };
  if (parser.isSet(input)) override_setting("input-directory", parser.value(input));
  if (parser.isSet(network)) override_setting("network", parser.value(network));
  if (parser.isSet(threads)) override_setting("threads", parser.value(threads));
  for (const QString& path : parser.positionalArguments()) {
    if (path.endsWith(QLatin1String(".dendrite"))) model_path = path;
    else override_setting("input-directory", path);
  }
  if (!errors.isEmpty()) {
    std::fprintf(stderr, "dendrite: %s\n", qPrintable(errors.join("\n")));
    return 2;
  }

  dendrite::Workbench workbench(settings);
  dendrite::MainWindow window(&workbench);
  window.show();
  if (!settings->configError().isEmpty())
    window.showError(QCoreApplication::translate("main", "The config file was not used"), settings->configError());
  workbench.startUp(model_path);
  return app.exec();
}
