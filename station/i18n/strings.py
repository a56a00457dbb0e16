"""The station's string table (screens, speech, receipts) in sync.i18n's shape: key -> {zh-Hans, zh-Hant, en}.

Worker-facing keys are short sentences that are also spoken; the screens themselves work
without reading. Supervisor keys are plain sentences. `text()` never raises on a missing
placeholder value, so a typo shows as the key, not a traceback.
"""

from __future__ import annotations

import logging

from sync.i18n import Table, lookup
from sync.protocol.roster import LANGUAGES

log = logging.getLogger(__name__)

STRINGS: Table = {
    # --- worker screens (titles are for the sighted helper; speech says the same) ---
    "home.title": {"zh-Hans": "点你的照片", "zh-Hant": "點你的照片", "en": "Tap your photo"},
    "bench.title": {"zh-Hans": "选一个产品", "zh-Hant": "選一個產品", "en": "Pick a product"},
    "count.title.scale": {"zh-Hans": "放到秤上", "zh-Hant": "放到秤上", "en": "Put them on the scale"},
    "count.title.tap": {"zh-Hans": "点加一", "zh-Hant": "點加一", "en": "Tap plus one"},
    "say.greeting": {"zh-Hans": "你好，{name}", "zh-Hant": "你好，{name}", "en": "Hello, {name}"},
    "say.saved": {"zh-Hans": "保存了，{n} 个", "zh-Hant": "儲存了，{n} 個", "en": "Saved. {n} done"},
    "say.undone_scale": {
        "zh-Hans": "撤回了。放到秤上，再点绿色的勾",
        "zh-Hant": "撤回了。放到秤上，再點綠色的勾",
        "en": "Taken back. Weigh them again, then tap the tick",
    },
    "say.undone_tap": {
        "zh-Hans": "撤回了。重新点加一",
        "zh-Hant": "撤回了。重新點加一",
        "en": "Taken back. Tap plus one again",
    },
    "say.goodbye": {"zh-Hans": "再见，{name}", "zh-Hant": "再見，{name}", "en": "Goodbye, {name}"},
    "say.number": {"zh-Hans": "{n}", "zh-Hant": "{n}", "en": "{n}"},
    "say.wait_scale": {"zh-Hans": "请等一下", "zh-Hant": "請等一下", "en": "Please wait"},
    "say.take_off": {"zh-Hans": "请拿下来", "zh-Hant": "請拿下來", "en": "Take them off"},
    "say.nothing": {"zh-Hans": "还没有", "zh-Hant": "還沒有", "en": "Nothing yet"},
    "say.ask_helper": {"zh-Hans": "请找老师", "zh-Hant": "請找老師", "en": "Please ask the teacher"},
    "say.idle_warning": {
        "zh-Hans": "还在吗？点一下屏幕",
        "zh-Hant": "還在嗎？點一下螢幕",
        "en": "Still there? Touch the screen",
    },
    "say.count_kept": {
        "zh-Hans": "还没保存，点绿色的勾",
        "zh-Hant": "還沒儲存，點綠色的勾",
        "en": "Not saved yet. Tap the green tick",
    },
    "say.check_pieces": {
        "zh-Hans": "数量不对。看一看，或找老师",
        "zh-Hant": "數量不對。看一看，或找老師",
        "en": "Not a whole number. Check them or ask the teacher",
    },
    "say.take_receipt": {
        "zh-Hans": "保存了{n}个。拿走收据",
        "zh-Hant": "儲存了{n}個。拿走收據",
        "en": "Saved. {n} done. Take your receipt",
    },
    "say.check_out_confirm": {
        "zh-Hans": "今天做完了吗？再点一下门",
        "zh-Hant": "今天做完了嗎？再點一下門",
        "en": "Done for today? Tap the door again",
    },
    "say.goal_reached": {
        "zh-Hans": "太棒了！今天的目标完成了",
        "zh-Hant": "太棒了！今天的目標完成了",
        "en": "Well done! You reached today's goal",
    },
    # --- trouble as the worker hears it: what is wrong, then "ask the teacher" ---
    "say.trouble.scale_unplugged": {
        "zh-Hans": "秤没有连好。请找老师",
        "zh-Hant": "秤沒有連好。請找老師",
        "en": "The scale is not working. Please ask the teacher",
    },
    "say.trouble.scale_unstable": {
        "zh-Hans": "秤一直在动。不要碰秤。请找老师",
        "zh-Hant": "秤一直在動。不要碰秤。請找老師",
        "en": "The scale keeps moving. Please ask the teacher",
    },
    "say.trouble.scale_overload": {
        "zh-Hans": "太重了。拿下一些",
        "zh-Hant": "太重了。拿下一些",
        "en": "Too heavy. Take some off",
    },
    "say.trouble.scale_below_zero": {
        "zh-Hans": "秤要归零。请找老师",
        "zh-Hant": "秤要歸零。請找老師",
        "en": "The scale needs zeroing. Please ask the teacher",
    },
    "say.trouble.printer_paper_out": {
        "zh-Hans": "打印机没有纸了。请找老师",
        "zh-Hant": "印表機沒有紙了。請找老師",
        "en": "The printer has no paper. Please ask the teacher",
    },
    "say.trouble.printer_offline": {
        "zh-Hans": "打印机不工作。请找老师",
        "zh-Hant": "印表機不工作。請找老師",
        "en": "The printer is not working. Please ask the teacher",
    },
    "say.trouble.not_saved": {
        "zh-Hans": "没有保存。请找老师",
        "zh-Hant": "沒有儲存。請找老師",
        "en": "Not saved. Please ask the teacher",
    },
    "say.trouble.too_many": {
        "zh-Hans": "太多了，没有保存。请找老师",
        "zh-Hant": "太多了，沒有儲存。請找老師",
        "en": "Too many, not saved. Please ask the teacher",
    },
    "say.trouble.disk_full": {
        "zh-Hans": "没有保存。请找老师",
        "zh-Hant": "沒有儲存。請找老師",
        "en": "Not saved. Please ask the teacher",
    },
    "say.trouble.sync_stale": {"zh-Hans": "请找老师", "zh-Hant": "請找老師", "en": "Please ask the teacher"},
    "say.trouble.sync_rejected": {"zh-Hans": "请找老师", "zh-Hant": "請找老師", "en": "Please ask the teacher"},
    # --- device trouble: one sentence for supervisors per picture ---
    "trouble.scale_unplugged": {
        "zh-Hans": "秤没有连接。请检查秤的线。",
        "zh-Hant": "秤沒有連接。請檢查秤的線。",
        "en": "The scale is not connected. Check its cable.",
    },
    "trouble.scale_unstable": {
        "zh-Hans": "秤一直在晃动。请放稳，不要碰。",
        "zh-Hant": "秤一直在晃動。請放穩，不要碰。",
        "en": "The scale keeps moving. Keep it still.",
    },
    "trouble.scale_below_zero": {
        "zh-Hans": "秤的读数小于零。请清空秤盘再归零。",
        "zh-Hant": "秤的讀數小於零。請清空秤盤再歸零。",
        "en": "The scale reads below zero. Empty the pan and zero it.",
    },
    "trouble.scale_overload": {
        "zh-Hans": "秤上太重了。请拿下一些。",
        "zh-Hant": "秤上太重了。請拿下一些。",
        "en": "Too heavy for the scale. Take some off.",
    },
    "trouble.printer_paper_out": {
        "zh-Hans": "打印机没有纸了。请换纸卷。",
        "zh-Hant": "印表機沒有紙了。請換紙卷。",
        "en": "The printer is out of paper. Put in a new roll.",
    },
    "trouble.printer_offline": {
        "zh-Hans": "打印机没有连接。收据会等着。",
        "zh-Hant": "印表機沒有連接。收據會等著。",
        "en": "The printer is offline. Receipts will wait.",
    },
    "trouble.sync_stale": {
        "zh-Hans": "很久没有上传到办公室了。数据在本机安全保存。",
        "zh-Hant": "很久沒有上傳到辦公室了。資料在本機安全保存。",
        "en": "Not sent to the office for a long time. Data is safe here.",
    },
    "trouble.not_saved": {
        "zh-Hans": "没有保存。请找老师。",
        "zh-Hant": "沒有儲存。請找老師。",
        "en": "Not saved. Please ask a helper.",
    },
    "trouble.too_many": {
        "zh-Hans": "数量太多了，没有保存。请找老师。",
        "zh-Hant": "數量太多了，沒有儲存。請找老師。",
        "en": "Too many for one count; not saved. Ask a helper.",
    },
    "trouble.disk_full": {
        "zh-Hans": "存储空间满了，这次没有保存，数量还在屏幕上。请找老师腾出空间。",
        "zh-Hant": "儲存空間滿了，這次沒有儲存，數量還在螢幕上。請找老師騰出空間。",
        "en": "Storage is full: this count was not saved and is still on screen. Ask a teacher to free space.",
    },
    "trouble.sync_rejected": {
        "zh-Hans": "办公室拒收了一些记录。数据在本机保存着。请老师到办公室的隔离页面查看。",
        "zh-Hant": "辦公室拒收了一些記錄。資料在本機保存著。請老師到辦公室的隔離頁面查看。",
        "en": "The office refused some records; they are kept here. Ask a teacher to check the office quarantine.",
    },
    # --- supervisor ---
    "sup.pin.title": {"zh-Hans": "老师请输入密码", "zh-Hant": "老師請輸入密碼", "en": "Supervisor PIN"},
    "sup.pin.wrong": {"zh-Hans": "密码不对", "zh-Hant": "密碼不對", "en": "Wrong PIN"},
    "sup.pin.locked": {
        "zh-Hans": "请 {s} 秒后再试",
        "zh-Hant": "請 {s} 秒後再試",
        "en": "Try again in {s} s",
    },
    "sup.title": {"zh-Hans": "老师：{name}", "zh-Hant": "老師：{name}", "en": "Supervisor: {name}"},
    "sup.session_ends": {
        "zh-Hans": "{s} 秒后自动退出（点屏幕继续）",
        "zh-Hant": "{s} 秒後自動退出（點螢幕繼續）",
        "en": "Closes in {s} s (tap to stay)",
    },
    "sup.tab.tallies": {"zh-Hans": "今日计数", "zh-Hant": "今日計數", "en": "Today's counts"},
    "sup.tab.workers": {"zh-Hans": "签到的人", "zh-Hant": "簽到的人", "en": "Checked in"},
    "sup.tab.scale": {"zh-Hans": "秤", "zh-Hant": "秤", "en": "Scale"},
    "sup.tab.status": {"zh-Hans": "设备状态", "zh-Hant": "設備狀態", "en": "Devices"},
    "sup.tab.settings": {"zh-Hans": "设置", "zh-Hant": "設定", "en": "Settings"},
    "sup.exit": {"zh-Hans": "退出", "zh-Hant": "退出", "en": "Exit"},
    "sup.correct": {"zh-Hans": "改数", "zh-Hant": "改數", "en": "Correct"},
    "sup.void": {"zh-Hans": "作废", "zh-Hant": "作廢", "en": "Void"},
    "sup.reprint": {"zh-Hans": "补打", "zh-Hant": "補打", "en": "Reprint"},
    "sup.check_out": {"zh-Hans": "签退", "zh-Hant": "簽退", "en": "Check out"},
    "sup.save": {"zh-Hans": "保存", "zh-Hant": "儲存", "en": "Save"},
    "sup.cancel": {"zh-Hans": "取消", "zh-Hant": "取消", "en": "Cancel"},
    "sup.pick_reason": {"zh-Hans": "选择原因", "zh-Hant": "選擇原因", "en": "Pick a reason"},
    "sup.tally_row": {
        "zh-Hans": "{time} {worker} {product}：{count}",
        "zh-Hant": "{time} {worker} {product}：{count}",
        "en": "{time} {worker} {product}: {count}",
    },
    "sup.tally_voided": {"zh-Hans": "（已作废）", "zh-Hant": "（已作廢）", "en": " (void)"},
    "sup.no_tallies": {"zh-Hans": "今天还没有计数", "zh-Hant": "今天還沒有計數", "en": "No counts today"},
    "sup.nobody_in": {"zh-Hans": "现在没有人签到", "zh-Hant": "現在沒有人簽到", "en": "Nobody is checked in"},
    "sup.corrected": {"zh-Hans": "已改正", "zh-Hant": "已改正", "en": "Corrected"},
    "sup.voided": {"zh-Hans": "已作废", "zh-Hant": "已作廢", "en": "Voided"},
    "sup.reprinted": {"zh-Hans": "已补打", "zh-Hant": "已補打", "en": "Reprint queued"},
    "sup.checked_out": {"zh-Hans": "已签退", "zh-Hant": "已簽退", "en": "Checked out"},
    "sup.failed": {"zh-Hans": "没有成功：{why}", "zh-Hant": "沒有成功：{why}", "en": "Did not work: {why}"},
    "sup.learn": {"zh-Hans": "学习单重", "zh-Hant": "學習單重", "en": "Learn piece weight"},
    "sup.learn.hint": {
        "zh-Hans": "把 {n} 个 {product} 放到秤上，然后点“学习单重”",
        "zh-Hant": "把 {n} 個 {product} 放到秤上，然後點「學習單重」",
        "en": "Put {n} × {product} on the scale, then tap Learn",
    },
    "sup.learned": {
        "zh-Hans": "{product} 单重 {g} 克",
        "zh-Hant": "{product} 單重 {g} 克",
        "en": "{product}: {g} g per piece",
    },
    "sup.learn.unstable": {
        "zh-Hans": "秤还没有稳定，或者秤上是空的",
        "zh-Hant": "秤還沒有穩定，或者秤上是空的",
        "en": "The scale is not steady, or it is empty",
    },
    "sup.learn.refused": {
        "zh-Hans": "样品太少或太轻：请多放一些，再学习",
        "zh-Hant": "樣品太少或太輕：請多放一些，再學習",
        "en": "Sample too small or too light: add pieces and learn again",
    },
    "sup.tare": {"zh-Hans": "去皮", "zh-Hant": "去皮", "en": "Tare"},
    "sup.zero": {"zh-Hans": "置零", "zh-Hant": "歸零", "en": "Zero"},
    "sup.done": {"zh-Hans": "完成", "zh-Hant": "完成", "en": "Done"},
    "sup.sample_size": {"zh-Hans": "样品数：{n}", "zh-Hant": "樣品數：{n}", "en": "Sample: {n} pieces"},
    "sup.reading": {"zh-Hans": "秤：{w}", "zh-Hant": "秤：{w}", "en": "Scale: {w}"},
    "sup.status.scale": {"zh-Hans": "秤：{state}", "zh-Hant": "秤：{state}", "en": "Scale: {state}"},
    "sup.status.printer": {
        "zh-Hans": "打印机：{state}，等待打印 {n} 张",
        "zh-Hant": "印表機：{state}，等待列印 {n} 張",
        "en": "Printer: {state}, {n} receipts waiting",
    },
    "sup.status.sync": {
        "zh-Hans": "上传：{state}，待上传 {n} 条，最后确认 {ack}",
        "zh-Hant": "上傳：{state}，待上傳 {n} 筆，最後確認 {ack}",
        "en": "Sync: {state}, {n} events waiting, last ack {ack}",
    },
    "sup.status.config": {
        "zh-Hans": "配置版本：{v}",
        "zh-Hant": "配置版本：{v}",
        "en": "Config versions: {v}",
    },
    "sup.status.none": {"zh-Hans": "未配置", "zh-Hant": "未配置", "en": "not configured"},
    "sup.status.never": {"zh-Hans": "从未", "zh-Hant": "從未", "en": "never"},
    "sup.status.connected": {"zh-Hans": "已连接", "zh-Hant": "已連接", "en": "connected"},
    "sup.status.disconnected": {"zh-Hans": "未连接", "zh-Hant": "未連接", "en": "not connected"},
    "sup.language": {"zh-Hans": "语言", "zh-Hant": "語言", "en": "Language"},
    "sup.sound": {"zh-Hans": "声音", "zh-Hant": "聲音", "en": "Sound"},
    "reason.miscount": {"zh-Hans": "数错了", "zh-Hant": "數錯了", "en": "Miscounted"},
    "reason.defective": {"zh-Hans": "有次品", "zh-Hant": "有次品", "en": "Defective"},
    "reason.wrong_product": {"zh-Hans": "产品选错", "zh-Hant": "產品選錯", "en": "Wrong product"},
    "reason.wrong_worker": {"zh-Hans": "人选错", "zh-Hant": "人選錯", "en": "Wrong worker"},
    "reason.duplicate": {"zh-Hans": "重复了", "zh-Hant": "重複了", "en": "Counted twice"},
    "reason.test": {"zh-Hans": "测试", "zh-Hant": "測試", "en": "Test"},
    "state.ok": {"zh-Hans": "正常", "zh-Hant": "正常", "en": "ok"},
    "state.unstable": {"zh-Hans": "不稳定", "zh-Hant": "不穩定", "en": "unstable"},
    "state.overload": {"zh-Hans": "超重", "zh-Hant": "超重", "en": "overload"},
    "state.underload": {"zh-Hans": "欠载", "zh-Hant": "欠載", "en": "underload"},
    "state.disconnected": {"zh-Hans": "未连接", "zh-Hant": "未連接", "en": "disconnected"},
    "state.error": {"zh-Hans": "故障", "zh-Hant": "故障", "en": "error"},
    "state.offline": {"zh-Hans": "离线", "zh-Hant": "離線", "en": "offline"},
    "state.paper_out": {"zh-Hans": "缺纸", "zh-Hant": "缺紙", "en": "out of paper"},
    "state.unknown": {"zh-Hans": "未知", "zh-Hant": "未知", "en": "unknown"},
    "lang.zh-Hans": {"zh-Hans": "简体中文", "zh-Hant": "简体中文", "en": "简体中文"},
    "lang.zh-Hant": {"zh-Hans": "繁體中文", "zh-Hant": "繁體中文", "en": "繁體中文"},
    "lang.en": {"zh-Hans": "English", "zh-Hant": "English", "en": "English"},
    # --- receipt slips (printing/receipt_layout.py) ---
    "receipt.station": {"zh-Hans": "工位", "zh-Hant": "工位", "en": "Station"},
    "receipt.total": {"zh-Hans": "今日合计", "zh-Hant": "今日合計", "en": "Today"},
    "receipt.corrected": {"zh-Hans": "更正", "zh-Hant": "更正", "en": "Corrected"},
    "receipt.void": {"zh-Hans": "作废", "zh-Hant": "作廢", "en": "Void"},
    "receipt.reprint": {"zh-Hans": "补打", "zh-Hant": "補打", "en": "Reprint"},
    "receipt.event": {"zh-Hans": "编号", "zh-Hant": "編號", "en": "No."},
}


def text(key: str, language: str, **values: object) -> str:
    """The string for `key` in `language` (falling back to zh-Hans), with `values` filled in."""
    template = lookup(STRINGS, key, language)
    if template is None:
        log.error("missing string key", extra={"key": key})
        return key
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        log.error("string placeholders do not match", extra={"key": key, "language": language})
        return template


def is_language(language: str) -> bool:
    return language in LANGUAGES
