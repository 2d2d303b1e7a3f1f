// ControlPanel.qml — the training control panel (the notes' controls and read-outs), hosted in the
// main window by a QQuickWidget. It binds only to the models the host sets as context properties:
//   session  TrainingSession   learning rate, batch size, start/stop/step/reset, timings, progress
//   dataset  DatasetModel      #files, MiB, image size
//   network  NetworkSummary    #neurons, #connections, #layers, module
// Learning rate: exponential slider 1e-5 … 1 (the slider moves log10 of the rate). Batch size:
// 1 … 1024 in powers of two (the slider moves log2 of the size).
import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.Fusion

Pane {
    id: root
    padding: 0

    // --- formatting (numbers in the system locale; units are international) ---
    function formatDuration(seconds) {
        if (!(seconds > 0)) return "–"
        if (seconds < 1e-3) return (seconds * 1e6).toLocaleString(Qt.locale(), 'f', seconds < 1e-5 ? 2 : 1) + " µs"
        if (seconds < 1) return (seconds * 1e3).toLocaleString(Qt.locale(), 'f', seconds < 1e-2 ? 2 : 1) + " ms"
        if (seconds < 60) return seconds.toLocaleString(Qt.locale(), 'f', seconds < 10 ? 2 : 1) + " s"
        var s = Math.round(seconds)
        var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60
        var mm = (h > 0 && m < 10 ? "0" : "") + m, ss = (r < 10 ? "0" : "") + r
        return h > 0 ? h + ":" + mm + ":" + ss : mm + ":" + ss
    }
    function formatCount(n) { return Number(n).toLocaleString(Qt.locale(), 'f', 0) }
    function formatLoss(v) { return v < 0 ? "–" : (v < 1e-3 ? v.toExponential(3) : v.toPrecision(4)) }
    function formatRate(v) {
        var e = Math.floor(Math.log10(v) + 1e-9)
        var m = v / Math.pow(10, e)
        return m.toFixed(2) + "e" + e
    }

    component Heading: Label {
        font.bold: true
        Layout.topMargin: 10
        Layout.columnSpan: 2
    }
    component Name: Label {
        color: palette.windowText
        opacity: 0.75
        Layout.fillWidth: true
        elide: Text.ElideRight
    }
    component Value: Label {
        horizontalAlignment: Text.AlignRight
        Layout.alignment: Qt.AlignRight
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        ScrollBar.horizontal.policy: ScrollBar.AlwaysOff

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 4

            ColumnLayout {
                Layout.margins: 10
                Layout.fillWidth: true
                spacing: 4

                // ---------------------------------------------------------------- controls
                RowLayout {
                    Layout.fillWidth: true
                    Label { text: qsTr("Learning rate"); font.bold: true; Layout.fillWidth: true }
                    Label {
                        objectName: "learningRateValue"
                        text: root.formatRate(session.learningRate)
                    }
                }
                Slider {
                    id: learningRateSlider
                    objectName: "learningRateSlider"
                    Layout.fillWidth: true
                    from: -5
                    to: 0
                    value: Math.log10(session.learningRate)
                    onMoved: session.learningRate = Math.pow(10, Math.round(value * 20) / 20)
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: qsTr("Step size of the optimizer, on a logarithmic scale from 0.00001 to 1. Takes effect at the next mini-batch.")
                }
                RowLayout {
                    Layout.fillWidth: true
                    Label { text: "10⁻⁵"; opacity: 0.6; font.pixelSize: 10; Layout.fillWidth: true }
                    Label { text: "1"; opacity: 0.6; font.pixelSize: 10 }
                }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.topMargin: 6
                    Label { text: qsTr("Batch size"); font.bold: true; Layout.fillWidth: true }
                    Label {
                        objectName: "batchSizeValue"
                        text: session.batchSize
                    }
                }
                Slider {
                    id: batchSizeSlider
                    objectName: "batchSizeSlider"
                    Layout.fillWidth: true
                    from: 0
                    to: 10
                    stepSize: 1
                    snapMode: Slider.SnapAlways
                    value: Math.round(Math.log2(session.batchSize))
                    onMoved: session.batchSize = Math.pow(2, Math.round(value))
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: qsTr("Images per mini-batch (1 to 1024, powers of two). Takes effect at the next mini-batch; the network is not reset.")
                }
                RowLayout {
                    Layout.fillWidth: true
                    Label { text: "1"; opacity: 0.6; font.pixelSize: 10; Layout.fillWidth: true }
                    Label { text: "1024"; opacity: 0.6; font.pixelSize: 10 }
                }

                GridLayout {
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    columns: 2
                    columnSpacing: 6
                    rowSpacing: 6
                    Button {
                        objectName: "startButton"
                        text: qsTr("Start")
                        highlighted: true
                        enabled: session.ready && !session.running
                        Layout.fillWidth: true
                        onClicked: session.start()
                    }
                    Button {
                        objectName: "stopButton"
                        text: qsTr("Stop")
                        enabled: session.running
                        Layout.fillWidth: true
                        onClicked: session.stop()
                    }
                    Button {
                        objectName: "stepButton"
                        text: qsTr("Step")
                        enabled: session.ready && !session.running
                        Layout.fillWidth: true
                        onClicked: session.step()
                        ToolTip.visible: hovered
                        ToolTip.delay: 600
                        ToolTip.text: qsTr("Train on one mini-batch")
                    }
                    Button {
                        objectName: "resetButton"
                        text: qsTr("Reset")
                        enabled: network.valid
                        Layout.fillWidth: true
                        onClicked: session.reset()
                        ToolTip.visible: hovered
                        ToolTip.delay: 600
                        ToolTip.text: qsTr("Stop and re-initialize the network with the same seed")
                    }
                }
                Label {
                    objectName: "problemLabel"
                    visible: !session.ready && text.length > 0
                    text: session.problem
                    wrapMode: Text.Wrap
                    color: "#b3261e"
                    Layout.fillWidth: true
                    Layout.topMargin: 4
                }

                // ---------------------------------------------------------------- read-outs
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: 12
                    rowSpacing: 3

                    Heading { text: qsTr("Time") }
                    Name { text: qsTr("per iteration (sample)") }
                    Value { objectName: "perSample"; text: root.formatDuration(session.secondsPerSample) }
                    Name { text: qsTr("per mini-batch") }
                    Value { objectName: "perBatch"; text: root.formatDuration(session.secondsPerBatch) }
                    Name { text: session.fullPassMeasured ? qsTr("per full pass") : qsTr("per full pass (estimate)") }
                    Value { objectName: "perPass"; text: root.formatDuration(session.secondsPerFullPass) }
                    Name { text: qsTr("samples per second") }
                    Value { text: session.samplesPerSecond > 0 ? root.formatCount(session.samplesPerSecond) : "–" }

                    Heading { text: qsTr("Progress") }
                    Name { text: qsTr("steps (mini-batches)") }
                    Value { objectName: "steps"; text: root.formatCount(session.steps) }
                    Name { text: qsTr("full passes") }
                    Value { text: root.formatCount(session.fullPasses) + "  (" + Math.floor(session.passProgress * 100) + " %)" }
                    Name { text: qsTr("training loss") }
                    Value { objectName: "loss"; text: root.formatLoss(session.loss) }
                    Name { text: qsTr("validation loss") }
                    Value { text: root.formatLoss(session.validationLoss) }

                    Heading { text: qsTr("Dataset") }
                    Name { text: qsTr("files") }
                    Value { objectName: "files"; text: dataset.loaded ? root.formatCount(dataset.fileCount) : "–" }
                    Name { text: qsTr("size") }
                    Value { objectName: "mib"; text: dataset.loaded ? dataset.mib.toLocaleString(Qt.locale(), 'f', 2) + " MiB" : "–" }
                    Name { text: qsTr("images") }
                    Value { objectName: "sampleCount"; text: dataset.loaded ? root.formatCount(dataset.sampleCount) : "–" }
                    Name { text: qsTr("image size") }
                    Value { text: dataset.loaded ? dataset.imageSize : "–" }
                    Name { text: qsTr("training / validation") }
                    Value { text: session.ready ? root.formatCount(session.trainingSize) + " / " + root.formatCount(session.validationSize) : "–" }

                    Heading { text: qsTr("Network") }
                    Name { text: qsTr("name") }
                    Value { text: network.displayName; elide: Text.ElideLeft; Layout.maximumWidth: 150 }
                    Name { text: qsTr("neurons") }
                    Value { objectName: "neurons"; text: network.valid ? root.formatCount(network.neuronCount) : "–" }
                    Name { text: qsTr("connections") }
                    Value { objectName: "connections"; text: network.valid ? root.formatCount(network.connectionCount) : "–" }
                    Name { text: qsTr("layers") }
                    Value { text: network.valid ? network.layerCount : "–" }
                    Name { text: qsTr("module") }
                    Value { text: network.valid ? network.moduleName : "–" }
                }
            }
        }
    }
}
