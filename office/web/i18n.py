"""The office page in Simplified Chinese (default) and English."""

from __future__ import annotations

LANGUAGES = ("zh-Hans", "en")

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("工坊中心办公室", "Workshop central office"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "login_failed": ("用户名或密码不正确", "Wrong user name or password"),
    "dashboard": ("总览", "Dashboard"),
    "tallies": ("每日计件", "Daily tallies"),
    "corrections": ("更正记录", "Corrections"),
    "quarantine": ("隔离消息", "Quarantine"),
    "workers": ("员工", "Workers"),
    "products": ("产品与计件单价", "Products and rates"),
    "supervisors": ("主管", "Supervisors"),
    "periods": ("工资期", "Pay periods"),
    "audit": ("操作日志", "Audit log"),
    "stations": ("工作站", "Stations"),
    "online": ("在线", "online"),
    "offline": ("离线", "offline"),
    "last_seen": ("最后联系", "Last seen"),
    "gaps": ("缺失序号", "Missing seqs"),
    "backlog": ("待同步", "Backlog"),
    "save": ("保存", "Save"),
    "close_period": ("结账（锁定）", "Close (lock)"),
    "create_period": ("新建工资期", "New pay period"),
    "open": ("未结", "open"),
    "closed": ("已结", "closed"),
    "bank_file": ("银行代发文件", "Bank file"),
    "pay_sheet": ("工资表 XLSX", "Pay sheet XLSX"),
    "pay_slip": ("工资条", "Pay slip"),
    "total": ("合计", "Total"),
    "day": ("日期", "Day"),
    "show": ("显示", "Show"),
    "pieces": ("件数", "Pieces"),
    "amount": ("金额（元）", "Amount (yuan)"),
    "hours": ("工时", "Hours"),
    "issues": ("待核查", "To check"),
    "adjustments": ("补发/扣减（上期结账后到达）", "Adjustments (arrived after an earlier close)"),
    "rate": ("单价（元）", "Rate (yuan)"),
    "per_pieces": ("每几件", "per pieces"),
    "effective_from": ("生效日期", "Effective from"),
    "rules": ("保底与基本工资规则", "Guarantee and base-pay rules"),
    "forbidden": ("您没有权限执行此操作", "You are not allowed to do that"),
    "csrf_failed": ("表单已过期，请重试", "The form expired; please try again"),
    "detail": ("明细", "Detail"),
    "nothing": ("暂无", "Nothing yet"),
    "encoding": ("编码", "Encoding"),
    "preview": ("预览（未结账）", "Preview (not closed)"),
    "saved": ("已保存", "Saved"),
}


def translate(key: str, language: str) -> str:
    pair = _TEXT.get(key)
    if pair is None:
        return key
    return pair[1] if language == "en" else pair[0]
