"""The office's string table (web pages, pay slips, refusals) in sync.i18n's shape.

Refusals (office.payroll.errors) are keyed `error.<key>`; their English is also what
`str(exc)` says in logs and on the command line.
"""

from __future__ import annotations

from sync.i18n import Table, lookup

STRINGS: Table = {
    # --- web pages ---
    "title": {"zh-Hans": "工坊中心办公室", "zh-Hant": "工坊中心辦公室", "en": "Workshop central office"},
    "login": {"zh-Hans": "登录", "zh-Hant": "登入", "en": "Log in"},
    "logout": {"zh-Hans": "退出", "zh-Hant": "登出", "en": "Log out"},
    "username": {"zh-Hans": "用户名", "zh-Hant": "使用者名稱", "en": "User name"},
    "password": {"zh-Hans": "密码", "zh-Hant": "密碼", "en": "Password"},
    "login_failed": {
        "zh-Hans": "用户名或密码不正确",
        "zh-Hant": "使用者名稱或密碼不正確",
        "en": "Wrong user name or password",
    },
    "dashboard": {"zh-Hans": "总览", "zh-Hant": "總覽", "en": "Dashboard"},
    "tallies": {"zh-Hans": "每日计件", "zh-Hant": "每日計件", "en": "Daily tallies"},
    "corrections": {"zh-Hans": "更正记录", "zh-Hant": "更正記錄", "en": "Corrections"},
    "quarantine": {"zh-Hans": "隔离消息", "zh-Hant": "隔離訊息", "en": "Quarantine"},
    "workers": {"zh-Hans": "员工", "zh-Hant": "員工", "en": "Workers"},
    "products": {"zh-Hans": "产品与计件单价", "zh-Hant": "產品與計件單價", "en": "Products and rates"},
    "supervisors": {"zh-Hans": "主管", "zh-Hant": "主管", "en": "Supervisors"},
    "periods": {"zh-Hans": "工资期", "zh-Hant": "工資期", "en": "Pay periods"},
    "audit": {"zh-Hans": "操作日志", "zh-Hant": "操作日誌", "en": "Audit log"},
    "stations": {"zh-Hans": "工作站", "zh-Hant": "工作站", "en": "Stations"},
    "online": {"zh-Hans": "在线", "zh-Hant": "線上", "en": "online"},
    "offline": {"zh-Hans": "离线", "zh-Hant": "離線", "en": "offline"},
    "last_seen": {"zh-Hans": "最后联系", "zh-Hant": "最後聯繫", "en": "Last seen"},
    "gaps": {"zh-Hans": "缺失序号", "zh-Hant": "缺失序號", "en": "Missing seqs"},
    "backlog": {"zh-Hans": "待同步", "zh-Hant": "待同步", "en": "Backlog"},
    "save": {"zh-Hans": "保存", "zh-Hant": "儲存", "en": "Save"},
    "close_period": {"zh-Hans": "结账（锁定）", "zh-Hant": "結帳（鎖定）", "en": "Close (lock)"},
    "create_period": {"zh-Hans": "新建工资期", "zh-Hant": "新建工資期", "en": "New pay period"},
    "open": {"zh-Hans": "未结", "zh-Hant": "未結", "en": "open"},
    "closed": {"zh-Hans": "已结", "zh-Hant": "已結", "en": "closed"},
    "bank_file": {"zh-Hans": "银行代发文件", "zh-Hant": "銀行代發檔案", "en": "Bank file"},
    "pay_sheet": {"zh-Hans": "工资表 XLSX", "zh-Hant": "工資表 XLSX", "en": "Pay sheet XLSX"},
    "pay_slip": {"zh-Hans": "工资条", "zh-Hant": "工資條", "en": "Pay slip"},
    "total": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "Total"},
    "day": {"zh-Hans": "日期", "zh-Hant": "日期", "en": "Day"},
    "show": {"zh-Hans": "显示", "zh-Hant": "顯示", "en": "Show"},
    "pieces": {"zh-Hans": "件数", "zh-Hant": "件數", "en": "Pieces"},
    "amount": {"zh-Hans": "金额（元）", "zh-Hant": "金額（元）", "en": "Amount (yuan)"},
    "hours": {"zh-Hans": "工时", "zh-Hant": "工時", "en": "Hours"},
    "issues": {"zh-Hans": "待核查", "zh-Hant": "待核查", "en": "To check"},
    "adjustments": {
        "zh-Hans": "补发/扣减（上期结账后到达）",
        "zh-Hant": "補發/扣減（上期結帳後到達）",
        "en": "Adjustments (arrived after an earlier close)",
    },
    "rate": {"zh-Hans": "单价（元）", "zh-Hant": "單價（元）", "en": "Rate (yuan)"},
    "per_pieces": {"zh-Hans": "每几件", "zh-Hant": "每幾件", "en": "per pieces"},
    "effective_from": {"zh-Hans": "生效日期", "zh-Hant": "生效日期", "en": "Effective from"},
    "rules": {"zh-Hans": "保底与基本工资规则", "zh-Hant": "保底與基本工資規則", "en": "Guarantee and base-pay rules"},
    "forbidden": {
        "zh-Hans": "您没有权限执行此操作",
        "zh-Hant": "您沒有權限執行此操作",
        "en": "You are not allowed to do that",
    },
    "csrf_failed": {
        "zh-Hans": "表单已过期，请重试",
        "zh-Hant": "表單已過期，請重試",
        "en": "The form expired; please try again",
    },
    "detail": {"zh-Hans": "明细", "zh-Hant": "明細", "en": "Detail"},
    "nothing": {"zh-Hans": "暂无", "zh-Hant": "暫無", "en": "Nothing yet"},
    "encoding": {"zh-Hans": "编码", "zh-Hant": "編碼", "en": "Encoding"},
    "preview": {"zh-Hans": "预览（未结账）", "zh-Hant": "預覽（未結帳）", "en": "Preview (not closed)"},
    "saved": {"zh-Hans": "已保存", "zh-Hant": "已儲存", "en": "Saved"},
    "saved_not_pushed": {
        "zh-Hans": "已保存，但 {sites} 的工作台未收到更新；请稍后再发布一次",
        "zh-Hant": "已儲存，但 {sites} 的工作台未收到更新；請稍後再發佈一次",
        "en": "Saved, but the kiosks of {sites} were not updated; publish again later",
    },
    # --- pay slips (office/payslip.py) ---
    "payslip.period": {"zh-Hans": "工资期", "zh-Hant": "工資期", "en": "pay period"},
    "payslip.total": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "total"},
    "payslip.hours": {"zh-Hans": "小时", "zh-Hant": "小時", "en": "hours"},
    "payslip.top_up": {"zh-Hans": "保底补足", "zh-Hant": "保底補足", "en": "guarantee top-up"},
    "payslip.base": {"zh-Hans": "基本工资", "zh-Hant": "基本工資", "en": "base pay"},
    # --- refusals: OfficeError keys, with the values the raise site names ---
    "error.database_too_new": {
        "zh-Hans": "{url} 处的办公室数据库是版本 {revision}，本程序不认识（最新为 {head}）：请先升级办公室软件再打开",
        "zh-Hant": "{url} 處的辦公室資料庫是版本 {revision}，本程式不認識（最新為 {head}）：請先升級辦公室軟體再開啟",
        "en": "the office database at {url} is at revision {revision}, which this code does not know "
        "(its newest is {head}): upgrade the office software before opening it",
    },
    "error.database_not_recognised": {
        "zh-Hans": "{url} 处的数据库有部分中心数据表但没有版本，且缺少 {missing}，"
        "不是任何版本的办公室软件建立的：保持原样未动",
        "zh-Hant": "{url} 處的資料庫有部分中心資料表但沒有版本，且缺少 {missing}，"
        "不是任何版本的辦公室軟體建立的：保持原樣未動",
        "en": "the database at {url} has some central tables but no revision and lacks {missing}, "
        "so no release of the office made it: it is left as it is",
    },
    "error.bad_identifier": {
        "zh-Hans": "{field} 只能用字母、数字、点、下划线和连字符（最多 64 个），“{value}”不行",
        "zh-Hant": "{field} 只能用字母、數字、點、底線和連字號（最多 64 個），「{value}」不行",
        "en": "{field} may hold only letters, digits, dots, underscores and hyphens (up to 64), not “{value}”",
    },
    "error.required": {"zh-Hans": "请填写{field}", "zh-Hant": "請填寫{field}", "en": "{field} is required"},
    "error.unknown_language": {
        "zh-Hans": "语言必须是 {choices} 之一",
        "zh-Hant": "語言必須是 {choices} 之一",
        "en": "language must be one of {choices}",
    },
    "error.bank_account_digits": {
        "zh-Hans": "银行账号只能是数字",
        "zh-Hant": "銀行帳號只能是數字",
        "en": "a bank account number is digits only",
    },
    "error.unknown_count_mode": {
        "zh-Hans": "计数方式必须是 {choices} 之一",
        "zh-Hant": "計數方式必須是 {choices} 之一",
        "en": "count mode must be one of {choices}",
    },
    "error.piece_weight_not_number": {
        "zh-Hans": "单件重量“{value}”不是克数",
        "zh-Hant": "單件重量「{value}」不是克數",
        "en": "piece weight '{value}' is not a number of grams",
    },
    "error.piece_weight_positive": {
        "zh-Hans": "单件重量必须大于 0 克",
        "zh-Hant": "單件重量必須大於 0 克",
        "en": "a piece weighs more than 0 g",
    },
    "error.unknown_station": {
        "zh-Hans": "还没有见过工作站“{station_id}”",
        "zh-Hant": "還沒有見過工作站「{station_id}」",
        "en": "no station '{station_id}' has been seen yet",
    },
    "error.pin_digits": {
        "zh-Hans": "PIN 码是 4 到 8 位数字",
        "zh-Hant": "PIN 碼是 4 到 8 位數字",
        "en": "a PIN is 4 to 8 digits",
    },
    "error.pin_needed": {
        "zh-Hans": "新主管需要设置 PIN 码",
        "zh-Hant": "新主管需要設定 PIN 碼",
        "en": "a new supervisor needs a PIN",
    },
    "error.unknown_role": {
        "zh-Hans": "角色必须是 {choices} 之一",
        "zh-Hant": "角色必須是 {choices} 之一",
        "en": "role must be one of {choices}",
    },
    "error.user_incomplete": {
        "zh-Hans": "用户需要用户名和至少 8 个字符的密码",
        "zh-Hant": "使用者需要名稱和至少 8 個字元的密碼",
        "en": "a user needs a name and a password of at least 8 characters",
    },
    "error.unknown_encoding": {
        "zh-Hans": "编码“{encoding}”不是 {choices} 之一",
        "zh-Hant": "編碼「{encoding}」不是 {choices} 之一",
        "en": "encoding '{encoding}' is not one of {choices}",
    },
    "error.unknown_columns": {
        "zh-Hans": "未知的银行文件列 {columns}；可用 {choices}",
        "zh-Hant": "未知的銀行檔案欄位 {columns}；可用 {choices}",
        "en": "unknown bank file columns {columns}; use {choices}",
    },
    "error.bad_columns": {
        "zh-Hans": "列清单“{spec}”格式不对：请用 表头=字段,...",
        "zh-Hant": "欄位清單「{spec}」格式不對：請用 表頭=欄位,...",
        "en": "bad column list '{spec}': use HEADER=field,...",
    },
    "error.not_encodable": {
        "zh-Hans": "“{text}”无法用 {encoding} 编码写出；请选择 utf-8-sig",
        "zh-Hant": "「{text}」無法用 {encoding} 編碼寫出；請選擇 utf-8-sig",
        "en": "'{text}' cannot be written in {encoding}; choose utf-8-sig",
    },
    "error.close_before_bank_file": {
        "zh-Hans": "请先结账，再导出银行代发文件",
        "zh-Hant": "請先結帳，再匯出銀行代發檔案",
        "en": "close the pay period before exporting the bank file",
    },
    "error.no_pay": {
        "zh-Hans": "{worker_id} 在本工资期没有工资",
        "zh-Hant": "{worker_id} 在本工資期沒有工資",
        "en": "{worker_id} has no pay in this period",
    },
    "error.not_a_date": {
        "zh-Hans": "“{value}”不是日期（年-月-日，YYYY-MM-DD）",
        "zh-Hant": "「{value}」不是日期（年-月-日，YYYY-MM-DD）",
        "en": "'{value}' is not a date (YYYY-MM-DD)",
    },
    "error.not_an_amount": {
        "zh-Hans": "“{value}”不是金额：请填写元，最多两位小数",
        "zh-Hant": "「{value}」不是金額：請填寫元，最多兩位小數",
        "en": "'{value}' is not an amount in yuan with at most two decimals",
    },
    "error.no_period": {
        "zh-Hans": "没有工资期 {period_id}",
        "zh-Hant": "沒有工資期 {period_id}",
        "en": "no pay period {period_id}",
    },
    "error.period_ends_before_start": {
        "zh-Hans": "工资期不能在开始（{start}）之前结束（{end}）",
        "zh-Hant": "工資期不能在開始（{start}）之前結束（{end}）",
        "en": "a period cannot end ({end}) before it starts ({start})",
    },
    "error.range_ends_before_start": {
        "zh-Hans": "日期范围不能在开始（{start}）之前结束（{end}）",
        "zh-Hant": "日期範圍不能在開始（{start}）之前結束（{end}）",
        "en": "the range cannot end ({end}) before it starts ({start})",
    },
    "error.period_overlaps": {
        "zh-Hans": "{start}..{end} 与工资期 {other_start}..{other_end} 重叠",
        "zh-Hant": "{start}..{end} 與工資期 {other_start}..{other_end} 重疊",
        "en": "{start}..{end} overlaps the period {other_start}..{other_end}",
    },
    "error.period_closed": {
        "zh-Hans": "工资期 {start}..{end} 已经结账",
        "zh-Hant": "工資期 {start}..{end} 已經結帳",
        "en": "the period {start}..{end} is already closed",
    },
    "error.close_earlier_first": {
        "zh-Hans": "请先结账工资期 {start}..{end}",
        "zh-Hant": "請先結帳工資期 {start}..{end}",
        "en": "close the period {start}..{end} first",
    },
    "error.rate_in_closed_period": {
        "zh-Hans": "{locked} 及之前的日期属于已结账的工资期；请选更晚的开始日期",
        "zh-Hant": "{locked} 及之前的日期屬於已結帳的工資期；請選更晚的開始日期",
        "en": "days up to {locked} are in a closed pay period; choose a later start",
    },
    "error.rate_not_valid": {
        "zh-Hans": "单价是每一件或多件零分或以上",
        "zh-Hant": "單價是每一件或多件零分或以上",
        "en": "a rate is zero or more fen for one or more pieces",
    },
    # --- issue #13: payroll an office can trust (pay-fix) ---
    "worker_add": {"zh-Hans": "新增员工", "zh-Hant": "新增員工", "en": "New worker"},
    "worker_edit": {"zh-Hans": "修改员工", "zh-Hant": "修改員工", "en": "Edit worker"},
    "allowed_products": {"zh-Hans": "可做的产品", "zh-Hant": "可做的產品", "en": "Allowed products"},
    "rate_current": {"zh-Hans": "现行", "zh-Hant": "現行", "en": "now"},
    "rate_confirm": {
        "zh-Hans": "我确认这个单价无误",
        "zh-Hant": "我確認這個單價無誤",
        "en": "I confirm this rate is right",
    },
    "error.worker_exists": {
        "zh-Hans": "员工编号 {worker_id} 已经存在；要修改请在列表中点“修改”",
        "zh-Hant": "員工編號 {worker_id} 已經存在；要修改請在列表中點「修改」",
        "en": "the worker ID {worker_id} is already in use; to change that worker, choose edit in the list",
    },
    "error.no_worker": {
        "zh-Hans": "没有员工 {worker_id}",
        "zh-Hant": "沒有員工 {worker_id}",
        "en": "there is no worker {worker_id}",
    },
    "error.unknown_product": {
        "zh-Hans": "没有产品 {product_id}；请先在产品表中添加",
        "zh-Hant": "沒有產品 {product_id}；請先在產品表中新增",
        "en": "there is no product {product_id}; add it to the catalog first",
    },
    "error.rate_unlikely": {
        "zh-Hans": "新单价每件 ¥{new}，现行每件 ¥{old}，相差三倍以上；如无误，请勾选“我确认这个单价无误”再保存",
        "zh-Hant": "新單價每件 ¥{new}，現行每件 ¥{old}，相差三倍以上；如無誤，請勾選「我確認這個單價無誤」再儲存",
        "en": "the new rate is ¥{new} a piece against ¥{old} now, more than three times apart; "
        "if it is right, tick “I confirm this rate is right” and save again",
    },
    "payslip.carry": {
        "zh-Hans": "上期结转（负数）",
        "zh-Hant": "上期結轉（負數）",
        "en": "carried from last period (negative)",
    },
    "payslip.back_pay": {"zh-Hans": "补发", "zh-Hant": "補發", "en": "back pay"},
    "payslip.bonus": {"zh-Hans": "奖金", "zh-Hant": "獎金", "en": "bonus"},
    "payslip.deduction": {"zh-Hans": "扣款", "zh-Hant": "扣款", "en": "deduction"},
    "close_checklist": {"zh-Hans": "结账前核查", "zh-Hant": "結帳前核查", "en": "Before closing, check"},
    "close_nothing_to_check": {
        "zh-Hans": "没有需要核查的事项",
        "zh-Hant": "沒有需要核查的事項",
        "en": "Nothing needs a look",
    },
    "close_confirm": {
        "zh-Hans": "确认结账：{count} 人，合计 ¥{total}",
        "zh-Hant": "確認結帳：{count} 人，合計 ¥{total}",
        "en": "Confirm the close: {count} people, total ¥{total}",
    },
    "close_ack": {"zh-Hans": "已看过", "zh-Hant": "已看過", "en": "seen"},
    "reopen": {"zh-Hans": "重新打开", "zh-Hant": "重新打開", "en": "Reopen"},
    "reason": {"zh-Hans": "原因", "zh-Hant": "原因", "en": "Reason"},
    "state_sent": {"zh-Hans": "银行文件已提交", "zh-Hant": "銀行檔案已提交", "en": "bank file sent"},
    "state_paid": {"zh-Hans": "已发放", "zh-Hant": "已發放", "en": "paid"},
    "mark_sent": {"zh-Hans": "标记银行文件已提交", "zh-Hant": "標記銀行檔案已提交", "en": "Mark the bank file sent"},
    "mark_paid": {"zh-Hans": "标记已发放", "zh-Hant": "標記已發放", "en": "Mark paid"},
    "defer": {"zh-Hans": "暂缓发放", "zh-Hant": "暫緩發放", "en": "Defer"},
    "deferred": {"zh-Hans": "已暂缓", "zh-Hant": "已暫緩", "en": "deferred"},
    "bank_summary": {
        "zh-Hans": "{rows} 笔 ¥{total}",
        "zh-Hant": "{rows} 筆 ¥{total}",
        "en": "{rows} transfers ¥{total}",
    },
    "bank_skipped": {"zh-Hans": "；跳过 {count} 人：", "zh-Hant": "；跳過 {count} 人：", "en": "; left out {count}: "},
    "bank_no_account": {
        "zh-Hans": "无账号（{name} ¥{amount}）",
        "zh-Hant": "無帳號（{name} ¥{amount}）",
        "en": "no account ({name} ¥{amount})",
    },
    "add_adjustment": {"zh-Hans": "手工调整", "zh-Hant": "手工調整", "en": "Adjustment by hand"},
    "adjust.back_pay": {"zh-Hans": "补发", "zh-Hant": "補發", "en": "back pay"},
    "adjust.bonus": {"zh-Hans": "奖金", "zh-Hant": "獎金", "en": "bonus"},
    "adjust.deduction": {"zh-Hans": "扣款", "zh-Hant": "扣款", "en": "deduction"},
    "adjust.carry": {"zh-Hans": "上期结转", "zh-Hant": "上期結轉", "en": "carried from last period"},
    "fix_check_out": {"zh-Hans": "补记下班时间", "zh-Hant": "補記下班時間", "en": "Set the check-out"},
    "check.station_offline": {
        "zh-Hans": "工作站 {station} 离线",
        "zh-Hant": "工作站 {station} 離線",
        "en": "station {station} is offline",
    },
    "check.station_backlog": {
        "zh-Hans": "工作站 {station} 还有未同步的记录（{count}）",
        "zh-Hant": "工作站 {station} 還有未同步的記錄（{count}）",
        "en": "station {station} has unsynced records ({count})",
    },
    "check.station_gaps": {
        "zh-Hans": "工作站 {station} 的记录有缺号，最多 {count} 条尚未收到",
        "zh-Hant": "工作站 {station} 的記錄有缺號，最多 {count} 條尚未收到",
        "en": "station {station} has gaps: up to {count} records not received yet",
    },
    "check.quarantined": {
        "zh-Hans": "{count} 条消息被隔离，未计入",
        "zh-Hant": "{count} 條訊息被隔離，未計入",
        "en": "{count} messages are quarantined, not counted",
    },
    "check.missing_check_out": {
        "zh-Hans": "{worker} 在 {day} 没有下班记录",
        "zh-Hant": "{worker} 在 {day} 沒有下班記錄",
        "en": "{worker} has no check-out on {day}",
    },
    "check.no_rate": {
        "zh-Hans": "{worker} 在 {day} 做的产品没有单价",
        "zh-Hant": "{worker} 在 {day} 做的產品沒有單價",
        "en": "{worker} made a product without a rate on {day}",
    },
    "check.correction_without_tally": {
        "zh-Hans": "{worker} 在 {day} 的更正找不到原记录",
        "zh-Hant": "{worker} 在 {day} 的更正找不到原記錄",
        "en": "a correction for {worker} on {day} names no known tally",
    },
    "check.no_account": {
        "zh-Hans": "{worker} 应发 ¥{amount}，但没有银行账号",
        "zh-Hant": "{worker} 應發 ¥{amount}，但沒有銀行帳號",
        "en": "{worker} is owed ¥{amount} but has no bank account",
    },
    "error.adjustment_kind": {
        "zh-Hans": "调整类型只能是：{choices}",
        "zh-Hant": "調整類型只能是：{choices}",
        "en": "an adjustment is one of: {choices}",
    },
    "error.adjustment_positive": {
        "zh-Hans": "请填写大于零的金额（扣款也填正数）",
        "zh-Hant": "請填寫大於零的金額（扣款也填正數）",
        "en": "enter an amount above zero (a deduction too)",
    },
    "error.reason_required": {"zh-Hans": "请写明原因", "zh-Hant": "請寫明原因", "en": "give a reason"},
    "error.check_out_before_check_in": {
        "zh-Hans": "{day} 的下班时间不能早于上班时间",
        "zh-Hant": "{day} 的下班時間不能早於上班時間",
        "en": "the check-out on {day} cannot be before the check-in",
    },
    "error.check_out_already_fixed": {
        "zh-Hans": "{day} 的下班时间已经补记过",
        "zh-Hant": "{day} 的下班時間已經補記過",
        "en": "the check-out on {day} was already set",
    },
    "error.check_out_not_missing": {
        "zh-Hans": "{day} 的这次上班已有下班记录",
        "zh-Hant": "{day} 的這次上班已有下班記錄",
        "en": "that check-in on {day} already has a check-out",
    },
    "error.no_check_in": {
        "zh-Hans": "没有上班记录 {event_id}",
        "zh-Hant": "沒有上班記錄 {event_id}",
        "en": "no check-in {event_id}",
    },
    "error.not_a_time": {
        "zh-Hans": "“{value}”不是时间：请填写 时:分，例如 17:00",
        "zh-Hant": "「{value}」不是時間：請填寫 時:分，例如 17:00",
        "en": "“{value}” is not a time: write hours:minutes, e.g. 17:00",
    },
    "error.close_too_early": {
        "zh-Hans": "工资期到 {end} 才结束；请在之后结账",
        "zh-Hant": "工資期到 {end} 才結束；請在之後結帳",
        "en": "the period runs until {end}; close it after that day",
    },
    "error.checklist_not_acknowledged": {
        "zh-Hans": "请先逐项核查并勾选“已看过”",
        "zh-Hant": "請先逐項核查並勾選「已看過」",
        "en": "tick every item of the checklist as seen first",
    },
    "error.total_changed": {
        "zh-Hans": "结账前金额有变化，请重新核对",
        "zh-Hant": "結帳前金額有變化，請重新核對",
        "en": "the total changed since you looked; check it again",
    },
    "error.reopen_last_only": {
        "zh-Hans": "只能重新打开最近结账的工资期",
        "zh-Hant": "只能重新打開最近結帳的工資期",
        "en": "only the last closed period can be reopened",
    },
    "error.reopen_after_sent": {
        "zh-Hans": "银行文件已提交，不能重新打开；请在下一期做调整",
        "zh-Hant": "銀行檔案已提交，不能重新打開；請在下一期做調整",
        "en": "the bank file was sent: fix it with an adjustment in the next period",
    },
    "error.not_closed_yet": {"zh-Hans": "请先结账", "zh-Hant": "請先結帳", "en": "close the period first"},
    "error.nothing_to_defer": {
        "zh-Hans": "{worker_id} 没有被跳过的款项",
        "zh-Hant": "{worker_id} 沒有被跳過的款項",
        "en": "{worker_id} was not left out of the bank file",
    },
    "error.skipped_unsettled": {
        "zh-Hans": "还有被跳过的人未处理：{names}（补上账号或暂缓发放）",
        "zh-Hant": "還有被跳過的人未處理：{names}（補上帳號或暫緩發放）",
        "en": "people left out are not settled: {names} (add an account or defer)",
    },
    # --- end of issue #13 ---
    # --- issue #13 build: period CLI, slips PDF, bank templates, federation report ---
    "error.confirm_total_needed": {
        "zh-Hans": "请核对上面的清单，再用 --confirm-total 确认合计（分）",
        "zh-Hant": "請核對上面的清單，再用 --confirm-total 確認合計（分）",
        "en": "check the list above, then confirm the total in fen with --confirm-total",
    },
    "bank_template": {"zh-Hans": "代发模板", "zh-Hant": "代發範本", "en": "Bank layout"},
    "download": {"zh-Hans": "下载", "zh-Hant": "下載", "en": "Download"},
    "error.unknown_bank_template": {
        "zh-Hans": "没有代发模板 {name}；可选：{choices}",
        "zh-Hant": "沒有代發範本 {name}；可選：{choices}",
        "en": "no bank layout {name}; choose one of {choices}",
    },
    "error.bad_bank_template": {
        "zh-Hans": "代发模板 {name} 有误：{why}",
        "zh-Hant": "代發範本 {name} 有誤：{why}",
        "en": "bank layout {name} is not valid: {why}",
    },
    "payslip.rate_per": {"zh-Hans": "¥{rate}/{per}件", "zh-Hant": "¥{rate}/{per}件", "en": "¥{rate} per {per}"},
    "payslip.attended": {
        "zh-Hans": "{days} 天 · {hours} 小时",
        "zh-Hant": "{days} 天 · {hours} 小時",
        "en": "{days} days · {hours} hours",
    },
    "payslip.late": {"zh-Hans": "上期补扣", "zh-Hant": "上期補扣", "en": "earlier period, changed late"},
    "payslip.manual": {"zh-Hans": "手工调整", "zh-Hant": "手工調整", "en": "by hand"},
    "slips_pdf": {"zh-Hans": "签收表 (PDF)", "zh-Hant": "簽收表 (PDF)", "en": "Sign-off sheet (PDF)"},
    "slips_pdf.title": {"zh-Hans": "工资签收表", "zh-Hant": "工資簽收表", "en": "Pay sign-off sheet"},
    "slips_pdf.number": {"zh-Hans": "序号", "zh-Hant": "序號", "en": "No."},
    "slips_pdf.worker": {"zh-Hans": "工号", "zh-Hant": "工號", "en": "ID"},
    "slips_pdf.name": {"zh-Hans": "姓名", "zh-Hant": "姓名", "en": "Name"},
    "slips_pdf.days": {"zh-Hans": "天数", "zh-Hant": "天數", "en": "Days"},
    "slips_pdf.hours": {"zh-Hans": "小时", "zh-Hant": "小時", "en": "Hours"},
    "slips_pdf.amount": {"zh-Hans": "金额", "zh-Hant": "金額", "en": "Amount"},
    "slips_pdf.sign": {"zh-Hans": "签字", "zh-Hant": "簽字", "en": "Signature"},
    "slips_pdf.total": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "Total"},
    "slips_pdf.item": {"zh-Hans": "项目", "zh-Hant": "項目", "en": "Item"},
    "slips_pdf.date": {"zh-Hans": "日期", "zh-Hant": "日期", "en": "Date"},
    "error.no_cjk_font": {
        "zh-Hans": "找不到中文字体 {path}（请安装 fonts-wqy-microhei）",
        "zh-Hant": "找不到中文字型 {path}（請安裝 fonts-wqy-microhei）",
        "en": "no CJK font at {path} (install fonts-wqy-microhei)",
    },
    "federation.title": {
        "zh-Hans": "残联月报",
        "zh-Hant": "殘聯月報",
        "en": "Monthly report for the disabled persons' federation",
    },
    "federation.month": {
        "zh-Hans": "月份",
        "zh-Hant": "月份",
        "en": "Month",
    },
    "federation.show": {
        "zh-Hans": "显示",
        "zh-Hant": "顯示",
        "en": "Show",
    },
    "federation.site": {
        "zh-Hans": "场地",
        "zh-Hant": "場地",
        "en": "Site",
    },
    "federation.head_count": {
        "zh-Hans": "人数",
        "zh-Hant": "人數",
        "en": "People",
    },
    "federation.days": {
        "zh-Hans": "出勤天数",
        "zh-Hant": "出勤天數",
        "en": "Days attended",
    },
    "federation.hours": {
        "zh-Hans": "出勤小时",
        "zh-Hant": "出勤小時",
        "en": "Hours attended",
    },
    "federation.total": {
        "zh-Hans": "收入合计",
        "zh-Hant": "收入合計",
        "en": "Total income",
    },
    "federation.average": {
        "zh-Hans": "人均收入",
        "zh-Hant": "人均收入",
        "en": "Average income",
    },
    "federation.minimum": {
        "zh-Hans": "当地最低月收入",
        "zh-Hant": "當地最低月收入",
        "en": "Local minimum monthly income",
    },
    "federation.below": {
        "zh-Hans": "低于最低标准人数",
        "zh-Hant": "低於最低標準人數",
        "en": "Below the minimum",
    },
    "federation.prev_head_count": {
        "zh-Hans": "上月人数",
        "zh-Hant": "上月人數",
        "en": "People last month",
    },
    "federation.prev_total": {
        "zh-Hans": "上月收入合计",
        "zh-Hant": "上月收入合計",
        "en": "Total last month",
    },
    "federation.prev_average": {
        "zh-Hans": "上月人均收入",
        "zh-Hant": "上月人均收入",
        "en": "Average last month",
    },
    "federation.sheet_sites": {
        "zh-Hans": "各场地",
        "zh-Hant": "各場地",
        "en": "Sites",
    },
    "federation.sheet_pieces": {
        "zh-Hans": "各产品件数",
        "zh-Hant": "各產品件數",
        "en": "Pieces per product",
    },
    "federation.sheet_below": {
        "zh-Hans": "低于最低标准",
        "zh-Hant": "低於最低標準",
        "en": "Below the minimum",
    },
    "federation.product": {
        "zh-Hans": "产品",
        "zh-Hant": "產品",
        "en": "Product",
    },
    "federation.pieces": {
        "zh-Hans": "件数",
        "zh-Hant": "件數",
        "en": "Pieces",
    },
    "federation.worker": {
        "zh-Hans": "工号",
        "zh-Hant": "工號",
        "en": "ID",
    },
    "federation.name": {
        "zh-Hans": "姓名",
        "zh-Hant": "姓名",
        "en": "Name",
    },
    "federation.income": {
        "zh-Hans": "本月收入",
        "zh-Hant": "本月收入",
        "en": "Income this month",
    },
    "federation.default": {
        "zh-Hans": "未设置的场地按",
        "zh-Hant": "未設定的場地按",
        "en": "Sites not set use",
    },
    "error.not_a_month": {
        "zh-Hans": "“{value}”不是月份（例如 2026-11）",
        "zh-Hant": "「{value}」不是月份（例如 2026-11）",
        "en": "“{value}” is not a month (e.g. 2026-11)",
    },
    "error.no_site": {
        "zh-Hans": "请填写场地",
        "zh-Hant": "請填寫場地",
        "en": "name the site",
    },
    # --- end of issue #13 build ---
    # --- sync recovery (issue 16): the quarantine page and re-ingesting a refused batch ---
    "quarantine.station_refused": {
        "zh-Hans": "这台工作站保存着办公室拒收的记录",
        "zh-Hant": "這台工作站保存著辦公室拒收的記錄",
        "en": "This station keeps records the office refused",
    },
    "quarantine.first_seq": {"zh-Hans": "第一条序号", "zh-Hant": "第一條序號", "en": "first seq"},
    "quarantine.received": {"zh-Hans": "收到时间", "zh-Hant": "收到時間", "en": "Received"},
    "quarantine.topic": {"zh-Hans": "主题", "zh-Hant": "主題", "en": "Topic"},
    "quarantine.station": {"zh-Hans": "工作站", "zh-Hant": "工作站", "en": "Station"},
    "quarantine.reason": {"zh-Hans": "原因", "zh-Hant": "原因", "en": "Reason"},
    "quarantine.events": {"zh-Hans": "记录", "zh-Hant": "記錄", "en": "Events"},
    "quarantine.stored": {"zh-Hans": "已入库", "zh-Hant": "已入庫", "en": "Stored now"},
    "quarantine.raw": {"zh-Hans": "原始内容（开头）", "zh-Hant": "原始內容（開頭）", "en": "Raw (start)"},
    "quarantine.reingest": {"zh-Hans": "重新导入", "zh-Hant": "重新匯入", "en": "Re-ingest"},
    "quarantine.reingested": {
        "zh-Hans": "第 {id} 条已重新导入：新存 {new} 条，已有 {duplicates} 条",
        "zh-Hant": "第 {id} 條已重新匯入：新存 {new} 條，已有 {duplicates} 條",
        "en": "#{id} re-ingested: {new} new, {duplicates} already stored",
    },
    "quarantine.still_refused": {
        "zh-Hans": "第 {id} 条仍被拒收：{reason}",
        "zh-Hant": "第 {id} 條仍被拒收：{reason}",
        "en": "#{id} is still refused: {reason}",
    },
    "quarantine.not_a_batch": {
        "zh-Hans": "第 {id} 条不是一批记录，无法重新导入",
        "zh-Hant": "第 {id} 條不是一批記錄，無法重新匯入",
        "en": "#{id} is not a batch of events: nothing to re-ingest",
    },
    "error.quarantine_unknown": {
        "zh-Hans": "隔离区没有第 {id} 条",
        "zh-Hant": "隔離區沒有第 {id} 條",
        "en": "there is no quarantined message #{id}",
    },
    # --- security of the office page (issue #15: sessions, limits, throttling, bad input) ---
    "login_locked": {
        "zh-Hans": "登录失败次数太多，请 {minutes} 分钟后再试",
        "zh-Hant": "登入失敗次數太多，請 {minutes} 分鐘後再試",
        "en": "Too many failed logins; try again in {minutes} minutes",
    },
    "error.user_too_long": {
        "zh-Hans": "用户名最多 {limit} 个可见字符，密码最多 {password_limit} 个字符",
        "zh-Hant": "使用者名稱最多 {limit} 個可見字元，密碼最多 {password_limit} 個字元",
        "en": "a user name has at most {limit} printable characters, a password at most {password_limit}",
    },
    "error.unknown_user": {
        "zh-Hans": "没有用户“{username}”",
        "zh-Hant": "沒有使用者「{username}」",
        "en": "there is no user '{username}'",
    },
    "error.day_out_of_range": {
        "zh-Hans": "日期 {value} 不在 {first} 到 {last} 之间",
        "zh-Hant": "日期 {value} 不在 {first} 到 {last} 之間",
        "en": "the day {value} is not between {first} and {last}",
    },
    "error.bad_value": {
        "zh-Hans": "这些栏位的值不对：{fields}",
        "zh-Hant": "這些欄位的值不對：{fields}",
        "en": "these fields hold a value they do not take: {fields}",
    },
    "error.body_too_large": {
        "zh-Hans": "提交的内容太大（最多 {limit} KB）",
        "zh-Hant": "提交的內容太大（最多 {limit} KB）",
        "en": "what was sent is too large (at most {limit} KB)",
    },
    "error.too_many_fields": {
        "zh-Hans": "表单栏位太多（最多 {limit} 个）",
        "zh-Hant": "表單欄位太多（最多 {limit} 個）",
        "en": "the form has too many fields (at most {limit})",
    },
    "error.field_too_long": {
        "zh-Hans": "栏位“{field}”太长（最多 {limit} 个字符）",
        "zh-Hant": "欄位「{field}」太長（最多 {limit} 個字元）",
        "en": "the field '{field}' is too long (at most {limit} characters)",
    },
    "error.bad_characters": {
        "zh-Hans": "提交的内容含有不允许的字符（例如控制字符）",
        "zh-Hant": "提交的內容含有不允許的字元（例如控制字元）",
        "en": "what was sent holds characters that are not allowed (such as control characters)",
    },
    "error.form_expected": {
        "zh-Hans": "这里只接受网页表单",
        "zh-Hant": "這裡只接受網頁表單",
        "en": "only a web form can be sent here",
    },
    "error.too_long": {
        "zh-Hans": "“{field}”最多 {limit} 个字符",
        "zh-Hant": "「{field}」最多 {limit} 個字元",
        "en": "'{field}' has at most {limit} characters",
    },
    # --- photos (issue #13: uploaded worker and product photos) ---
    "error.photo_not_image": {
        "zh-Hans": "这个文件不是照片；请选择 JPEG 或 PNG 图片",
        "zh-Hant": "這個檔案不是照片；請選擇 JPEG 或 PNG 圖片",
        "en": "this file is not a picture; choose a JPEG or PNG photo",
    },
    "error.photo_too_big": {
        "zh-Hans": "照片太大（最多 {megabytes} MB）",
        "zh-Hant": "照片太大（最多 {megabytes} MB）",
        "en": "the photo is too big (at most {megabytes} MB)",
    },
    "error.photo_not_valid": {
        "zh-Hans": "照片只能上传，不能填写路径",
        "zh-Hant": "照片只能上傳，不能填寫路徑",
        "en": "photos are uploaded, not typed as paths",
    },
    "photo": {"zh-Hans": "照片", "zh-Hant": "照片", "en": "photo"},
    "photo_upload": {"zh-Hans": "上传或拍摄照片", "zh-Hant": "上傳或拍攝照片", "en": "upload or take a photo"},
    # --- security #15: station registration, plausibility holds ---
    "error.station_other_site": {
        "zh-Hans": "工作站“{station_id}”属于站点 {site}",
        "zh-Hant": "工作站「{station_id}」屬於站點 {site}",
        "en": "station '{station_id}' belongs to site {site}",
    },
    "error.tally_not_held": {
        "zh-Hans": "计件 {event_id} 没有待核查的异常数量",
        "zh-Hant": "計件 {event_id} 沒有待核查的異常數量",
        "en": "tally {event_id} is not held as implausible",
    },
    "error.limit_not_valid": {
        "zh-Hans": "上限必须是 1 或以上的整数，“{value}”不行",
        "zh-Hant": "上限必須是 1 或以上的整數，「{value}」不行",
        "en": "a limit is a whole number of 1 or more, not “{value}”",
    },
    "unregistered": {"zh-Hans": "未登记", "zh-Hant": "未登記", "en": "not registered"},
    "register": {"zh-Hans": "登记", "zh-Hant": "登記", "en": "Register"},
    "accept": {"zh-Hans": "核准", "zh-Hant": "核准", "en": "Accept"},
    "max_per_tally": {"zh-Hans": "每次上限", "zh-Hant": "每次上限", "en": "Max per tally"},
    "max_per_day": {"zh-Hans": "每人每天上限", "zh-Hant": "每人每天上限", "en": "Max per worker and day"},
    "held_over_tally_limit": {
        "zh-Hans": "超过每次上限，暂不计薪",
        "zh-Hant": "超過每次上限，暫不計薪",
        "en": "over the per-tally limit, held out of pay",
    },
    "held_over_day_limit": {
        "zh-Hans": "超过每人每天上限，暂不计薪",
        "zh-Hant": "超過每人每天上限，暫不計薪",
        "en": "over the per-day limit, held out of pay",
    },
    # --- XLSX pay sheet and roster import/export (issue #14 items 10 and 11) ---
    "xlsx.pay_title": {"zh-Hans": "工资表 {period}", "zh-Hant": "工資表 {period}", "en": "Pay sheet {period}"},
    "xlsx.pay_sheet": {"zh-Hans": "工资汇总", "zh-Hant": "工資匯總", "en": "Pay"},
    "xlsx.lines_sheet": {"zh-Hans": "计件明细", "zh-Hant": "計件明細", "en": "Pay lines"},
    "xlsx.worker_id": {"zh-Hans": "工号", "zh-Hant": "工號", "en": "Worker ID"},
    "xlsx.name": {"zh-Hans": "姓名", "zh-Hant": "姓名", "en": "Name"},
    "xlsx.days": {"zh-Hans": "出勤天数", "zh-Hant": "出勤天數", "en": "Days"},
    "xlsx.hours": {"zh-Hans": "工时（小时）", "zh-Hant": "工時（小時）", "en": "Hours"},
    "xlsx.amount": {"zh-Hans": "应发金额（元）", "zh-Hant": "應發金額（元）", "en": "Pay (yuan)"},
    "xlsx.bank_name": {"zh-Hans": "开户行", "zh-Hant": "開戶行", "en": "Bank"},
    "xlsx.bank_account": {"zh-Hans": "银行账号", "zh-Hant": "銀行帳號", "en": "Bank account"},
    "xlsx.id_number": {"zh-Hans": "身份证号", "zh-Hant": "身分證號", "en": "ID number"},
    "xlsx.signature": {"zh-Hans": "签字", "zh-Hant": "簽字", "en": "Signature"},
    "xlsx.total": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "Total"},
    "xlsx.kind": {"zh-Hans": "类别", "zh-Hant": "類別", "en": "Kind"},
    "xlsx.piece": {"zh-Hans": "计件", "zh-Hant": "計件", "en": "pieces"},
    "xlsx.product": {"zh-Hans": "产品", "zh-Hant": "產品", "en": "Product"},
    "xlsx.rate": {"zh-Hans": "单价（元）", "zh-Hant": "單價（元）", "en": "Rate (yuan)"},
    "xlsx.per_pieces": {"zh-Hans": "每几件", "zh-Hant": "每幾件", "en": "Per pieces"},
    "xlsx.pieces": {"zh-Hans": "件数", "zh-Hant": "件數", "en": "Pieces"},
    "xlsx.line_amount": {"zh-Hans": "金额（元）", "zh-Hant": "金額（元）", "en": "Amount (yuan)"},
    "xlsx.origin": {"zh-Hans": "原工资期", "zh-Hant": "原工資期", "en": "From period"},
    "xlsx.note": {"zh-Hans": "备注", "zh-Hant": "備註", "en": "Note"},
    "xlsx.site": {"zh-Hans": "站点", "zh-Hant": "站點", "en": "Site"},
    "xlsx.badge": {"zh-Hans": "工牌", "zh-Hant": "工牌", "en": "Badge"},
    "xlsx.language": {"zh-Hans": "语言", "zh-Hant": "語言", "en": "Language"},
    "xlsx.product_ids": {"zh-Hans": "可做产品（编号）", "zh-Hant": "可做產品（編號）", "en": "Allowed products (ids)"},
    "xlsx.active": {"zh-Hans": "在职", "zh-Hant": "在職", "en": "Active"},
    "xlsx.yes": {"zh-Hans": "是", "zh-Hant": "是", "en": "yes"},
    "xlsx.no": {"zh-Hans": "否", "zh-Hant": "否", "en": "no"},
    "xlsx.roster_sheet": {"zh-Hans": "员工名册", "zh-Hant": "員工名冊", "en": "Roster"},
    "xlsx.products_sheet": {"zh-Hans": "产品编号", "zh-Hant": "產品編號", "en": "Product ids"},
    "xlsx.product_id": {"zh-Hans": "产品编号", "zh-Hant": "產品編號", "en": "Product id"},
    "error.sheet_cell": {
        "zh-Hans": "第 {row} 行“{column}”：{reason}",
        "zh-Hant": "第 {row} 行「{column}」：{reason}",
        "en": "row {row}, column '{column}': {reason}",
    },
    "error.sheet_row": {
        "zh-Hans": "第 {row} 行：{reason}",
        "zh-Hant": "第 {row} 行：{reason}",
        "en": "row {row}: {reason}",
    },
    "error.sheet_unreadable": {
        "zh-Hans": "这个文件不是能读取的 XLSX 表格；请在 Excel 或 WPS 里另存为 .xlsx 再上传",
        "zh-Hant": "這個檔案不是能讀取的 XLSX 表格；請在 Excel 或 WPS 裡另存為 .xlsx 再上傳",
        "en": "this file is not a readable XLSX sheet; save it as .xlsx in Excel or WPS and upload it again",
    },
    "error.sheet_too_long": {
        "zh-Hans": "表格最多 {limit} 行",
        "zh-Hant": "表格最多 {limit} 行",
        "en": "a sheet has at most {limit} rows",
    },
    "error.sheet_empty": {
        "zh-Hans": "表格里没有员工",
        "zh-Hant": "表格裡沒有員工",
        "en": "the sheet lists no workers",
    },
    "error.sheet_unknown_header": {
        "zh-Hans": "不认识表头“{header}”；可用的表头是：{choices}",
        "zh-Hant": "不認識表頭「{header}」；可用的表頭是：{choices}",
        "en": "the header “{header}” is unknown; the headers are: {choices}",
    },
    "error.sheet_duplicate_header": {
        "zh-Hans": "这一列出现了两次",
        "zh-Hant": "這一列出現了兩次",
        "en": "this column appears twice",
    },
    "error.sheet_missing_header": {
        "zh-Hans": "第一行缺少这一列",
        "zh-Hant": "第一行缺少這一列",
        "en": "the first row lacks this column",
    },
    "error.sheet_required": {
        "zh-Hans": "这一项必须填写",
        "zh-Hant": "這一項必須填寫",
        "en": "this cell must be filled in",
    },
    "error.number_not_text": {
        "zh-Hans": "这是数字格式的单元格，开头的 0 或 15 位以后的数字已经丢失；请把这一列设为“文本”格式后重新填写",
        "zh-Hant": "這是數字格式的儲存格，開頭的 0 或 15 位以後的數字已經遺失；請把這一列設為「文字」格式後重新填寫",
        "en": "a number cell loses leading zeros and digits past the 15th; format the column as text, type again",
    },
    "error.id_number_form": {
        "zh-Hans": "身份证号是 18 位（或 15 位）数字，最后一位可以是 X",
        "zh-Hant": "身分證號是 18 位（或 15 位）數字，最後一位可以是 X",
        "en": "an ID number has 18 (or 15) digits; the last may be X",
    },
    "error.not_yes_no": {
        "zh-Hans": "请填“是”或“否”，不是“{value}”",
        "zh-Hant": "請填「是」或「否」，不是「{value}」",
        "en": "write yes or no, not “{value}”",
    },
    "error.duplicate_in_sheet": {
        "zh-Hans": "这个工号在第 {first} 行已经出现过",
        "zh-Hant": "這個工號在第 {first} 行已經出現過",
        "en": "this worker ID is already on row {first}",
    },
    "error.unknown_products": {
        "zh-Hans": "没有这些产品编号：{products}（见“产品编号”工作表）",
        "zh-Hant": "沒有這些產品編號：{products}（見「產品編號」工作表）",
        "en": "no such product ids: {products} (see the product ids sheet)",
    },
    "error.sheet_has_errors": {
        "zh-Hans": "表格有 {count} 处错误，什么都没有保存",
        "zh-Hant": "表格有 {count} 處錯誤，什麼都沒有儲存",
        "en": "the sheet has {count} errors; nothing was saved",
    },
    "error.import_stale": {
        "zh-Hans": "预览之后名册有了改动，请重新核对预览",
        "zh-Hant": "預覽之後名冊有了改動，請重新核對預覽",
        "en": "the roster changed after the preview; check the new preview",
    },
    "error.import_none": {
        "zh-Hans": "没有待确认的导入；请先上传表格",
        "zh-Hant": "沒有待確認的匯入；請先上傳表格",
        "en": "there is no import to confirm; upload a sheet first",
    },
    "roster_export": {"zh-Hans": "导出名册 XLSX", "zh-Hant": "匯出名冊 XLSX", "en": "Export roster XLSX"},
    "roster_import": {"zh-Hans": "导入名册", "zh-Hant": "匯入名冊", "en": "Import roster"},
    "roster_file": {"zh-Hans": "名册表格（.xlsx）", "zh-Hant": "名冊表格（.xlsx）", "en": "Roster sheet (.xlsx)"},
    "clear_empty": {
        "zh-Hans": "空白单元格清除原有内容（工牌、可做产品、开户行、银行账号、身份证号）",
        "zh-Hant": "空白儲存格清除原有內容（工牌、可做產品、開戶行、銀行帳號、身分證號）",
        "en": "Empty cells clear what is stored (badge, products, bank, account, ID number)",
    },
    "import_preview": {"zh-Hans": "导入预览", "zh-Hant": "匯入預覽", "en": "Import preview"},
    "import_adds": {"zh-Hans": "新增员工", "zh-Hant": "新增員工", "en": "New workers"},
    "import_changes": {"zh-Hans": "有改动", "zh-Hant": "有改動", "en": "Changed"},
    "import_unchanged": {"zh-Hans": "没有改动", "zh-Hant": "沒有改動", "en": "Unchanged"},
    "import_errors": {
        "zh-Hans": "错误（改好表格后重新上传）",
        "zh-Hant": "錯誤（改好表格後重新上傳）",
        "en": "Errors (fix the sheet and upload it again)",
    },
    "import_confirm": {"zh-Hans": "确认保存", "zh-Hant": "確認儲存", "en": "Confirm and save"},
    "import_cancel": {"zh-Hans": "放弃", "zh-Hant": "放棄", "en": "Discard"},
    "import_nothing_saved": {
        "zh-Hans": "确认之前什么都不会保存。",
        "zh-Hant": "確認之前什麼都不會儲存。",
        "en": "Nothing is saved until you confirm.",
    },
    "import_row": {"zh-Hans": "行", "zh-Hant": "行", "en": "Row"},
    "import_field": {"zh-Hans": "项目", "zh-Hant": "項目", "en": "Field"},
    "import_old": {"zh-Hans": "原来", "zh-Hant": "原來", "en": "Before"},
    "import_new": {"zh-Hans": "改为", "zh-Hant": "改為", "en": "After"},
    "import_saved": {
        "zh-Hans": "名册已导入：新增 {adds} 人，修改 {changes} 人",
        "zh-Hant": "名冊已匯入：新增 {adds} 人，修改 {changes} 人",
        "en": "Roster imported: {adds} added, {changes} changed",
    },
    # --- XLSX files handed to the office: size limits checked before the file is unpacked ---
    "error.xlsx_file_too_big": {
        "zh-Hans": "文件太大：表格文件最多 {limit} MB",
        "zh-Hant": "檔案太大：表格檔案最多 {limit} MB",
        "en": "the file is too big: a sheet file has at most {limit} MB",
    },
    "error.xlsx_unpacks_too_big": {
        "zh-Hans": "这个 XLSX 文件解压后太大（最多 {limit} MB、{members} 个部分），不像一张表格；"
        "请在 Excel 或 WPS 里另存为 .xlsx 再上传",
        "zh-Hant": "這個 XLSX 檔案解壓後太大（最多 {limit} MB、{members} 個部分），不像一張表格；"
        "請在 Excel 或 WPS 裡另存為 .xlsx 再上傳",
        "en": "this XLSX file unpacks too big (at most {limit} MB in {members} parts) to be a sheet; "
        "save it as .xlsx in Excel or WPS and upload it again",
    },
}


def translate(key: str, language: str, **values: object) -> str:
    """The text of `key` in `language` (zh-Hans when missing) with `values` filled in; the key itself
    when unknown, so a flash message that is already a sentence shows as it is."""
    template = lookup(STRINGS, key, language)
    return key if template is None else template.format(**values)
