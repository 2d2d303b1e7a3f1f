#include "app/models/translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace dendrite {

QString translations_directory() {
  return QDir(QCoreApplication::applicationDirPath()).filePath("../share/dendrite/translations");
}

bool install_translations(QCoreApplication& app, const QLocale& locale) {
  auto* own = new QTranslator(&app);
  const bool found = own->load(locale, "dendrite", "_", translations_directory());
  if (found) QCoreApplication::installTranslator(own);
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  return found;
}

}  // namespace dendrite
