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
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

#include "app/models/workbench.h"
#include "widgets/main_window.h"

namespace {

// Translations live in ../share/dendrite/translations beside the executable (installed and in the
// build tree alike); Qt's own (standard buttons) come from Qt's translation directory.
void install_translations(QApplication& app) {
  const QLocale locale;
  auto* own = new QTranslator(&app);
  const QString dir = QDir(QCoreApplication::applicationDirPath()).filePath("../share/dendrite/translations");
  if (own->load(locale, "dendrite", "_", dir)) QCoreApplication::installTranslator(own);
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen") && !qEnvironmentVariableIsSet("QT_QUICK_BACKEND"))
    qputenv("QT_QUICK_BACKEND", "software");
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName("Dendrite");
  QCoreApplication::setApplicationName("dendrite");
  QCoreApplication::setApplicationVersion(QStringLiteral(DENDRITE_VERSION));
  QGuiApplication::setApplicationDisplayName("Dendrite");
  QGuiApplication::setDesktopFileName("dendrite");
  QApplication::setWindowIcon(QIcon(":/icons/dendrite.svg"));
  install_translations(app);

  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate("main", "Neuron-level autoencoder workbench"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption config({"c", "config"}, QCoreApplication::translate("main", "Config file (KEY=VALUE lines)."), "file");
  QCommandLineOption input({"i", "input"}, QCoreApplication::translate("main", "Folder of images or IDX file to train on."), "path");
  QCommandLineOption network({"n", "network"}, QCoreApplication::translate("main", "Network spec or preset (dense-ae, local-ae, rgb-ae)."), "spec");
  QCommandLineOption threads({"t", "threads"}, QCoreApplication::translate("main", "Training threads (0 = all cores)."), "n");
  parser.addOptions({config, input, network, threads});
  parser.addPositionalArgument("path", QCoreApplication::translate("main", "A folder of images, an IDX file or a .dendrite model."), "[path]");
  parser.process(app);

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
